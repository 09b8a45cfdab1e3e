-- Prints one line for a wrk run: 2xx answers per second (and events per second for batches), the answers with a
-- status of 400 or more and the socket errors (their breakdown by status comes from the service's own metrics, see
-- bench/ingest.sh), and the latency percentiles. No response() hook: wrk reads answers at full speed.
-- Included by ingest.lua; used alone for GET requests (the HTTP ceiling).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- events carried by one request (ingest.lua sets 100 for batches)
events_per_request = 1

function done(summary, latency, requests)
  local e = summary.errors
  local ok = summary.requests - e.status
  local per_request = threads[1]:get("events_per_request") or 1
  local seconds = summary.duration / 1e6
  io.write(string.format("ok_per_s=%.0f ok_events_per_s=%.0f ok=%d status_400_or_more=%d socket_errors=%d "
    .. "p50_ms=%.1f p99_ms=%.1f seconds=%.1f\n", ok / seconds, ok * per_request / seconds, ok, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000, seconds))
end
