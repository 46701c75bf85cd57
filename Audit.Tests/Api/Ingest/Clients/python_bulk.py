"""Sends documents through Debian's python3-elasticsearch (7.17) helpers, unchanged, to AUDIT_URL.

helpers.bulk sends the first half with _id set (the dedup key), helpers.streaming_bulk the second
half without. Prints one JSON line: how many each helper reported as indexed, and any errors.
"""
import json
import os
import sys

from elasticsearch import Elasticsearch, helpers

url, key, host, count = os.environ["AUDIT_URL"], os.environ["AUDIT_KEY"], os.environ["AUDIT_HOST"], int(os.environ["AUDIT_COUNT"])
es = Elasticsearch(url, api_key=key, request_timeout=30)
info = es.info()


def doc(i):
    return {"message": f"python-client line {i}", "host": {"name": host}, "log": {"file": {"path": "/var/log/app/python.log"}}, "@timestamp": "2026-11-26T10:00:00Z"}


half = count // 2
ok_bulk, errors = helpers.bulk(es, ({"_index": "audit-python", "_id": f"{host}-{i}", "_source": doc(i)} for i in range(half)), chunk_size=50, stats_only=False)
streamed = 0
for ok, item in helpers.streaming_bulk(es, ({"_index": "audit-python", "_source": doc(i)} for i in range(half, count)), chunk_size=50):
    if not ok:
        errors.append(item)
    streamed += 1 if ok else 0
# A retry of the first chunk, as a client does after a timeout: the _id makes it a no-op.
ok_retry, retry_errors = helpers.bulk(es, ({"_index": "audit-python", "_id": f"{host}-{i}", "_source": doc(i)} for i in range(min(half, 50))), raise_on_error=False)
print(json.dumps({"version": info["version"]["number"], "bulk": ok_bulk, "streamed": streamed, "errors": errors, "retry": ok_retry, "retryErrors": len(retry_errors)}))
sys.exit(0)
