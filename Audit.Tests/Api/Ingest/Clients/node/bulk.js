// Sends documents through the official @elastic/elasticsearch client's helpers.bulk, unchanged, to
// AUDIT_URL (half with _id, then those again as a retry). Prints one JSON line with the helper's stats.
'use strict'
const { Client } = require('@elastic/elasticsearch')

async function main () {
  const { AUDIT_URL: node, AUDIT_KEY: apiKey, AUDIT_HOST: host } = process.env
  const count = Number(process.env.AUDIT_COUNT)
  const client = new Client({ node, auth: { apiKey } })
  const info = await client.info()
  const doc = i => ({ message: `node-client line ${i}`, host: { name: host }, '@timestamp': '2026-11-26T10:00:00Z', i })
  const docs = Array.from({ length: count }, (_, i) => doc(i))
  const withId = d => d.i % 2 === 0
  const failed = []
  const onDocument = d => withId(d) ? { create: { _index: 'audit-node', _id: `${host}-${d.i}` } } : { index: { _index: 'audit-node' } }
  const stats = await client.helpers.bulk({ datasource: docs, onDocument, onDrop: d => failed.push(d.status), flushBytes: 4096 })
  const retry = await client.helpers.bulk({
    datasource: docs.filter(withId), onDocument: d => ({ index: { _index: 'audit-node', _id: `${host}-${d.i}` } }), onDrop: d => failed.push(d.status)
  })
  console.log(JSON.stringify({ version: info.version.number, successful: stats.successful, failed: stats.failed, retried: retry.successful, retryFailed: retry.failed, dropped: failed }))
}

main().catch(e => { console.error(e); process.exit(1) })
