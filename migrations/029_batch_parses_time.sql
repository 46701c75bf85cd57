-- The dashboard's ingest series (/api/v1/stats/series) and /metrics read batch_parses by parse time.
CREATE INDEX batch_parses_parsed_at ON batch_parses (parsed_at);
