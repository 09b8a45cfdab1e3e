-- Counts the answers by status, across wrk's threads, and prints them with the 2xx throughput and latency.
-- Included by the other scripts; used alone for GET requests (the HTTP ceiling).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- events carried by one request (the batch script sets 100)
events_per_request = 1

function done(summary, latency, requests)
  local all, ok, ok_events, other = {}, 0, 0, {}
  for _, thread in ipairs(threads) do
    local per_request = thread:get("events_per_request") or 1
    for status, count in pairs(thread:get("statuses")) do
      all[status] = (all[status] or 0) + count
      if status >= 200 and status < 300 then
        ok = ok + count
        ok_events = ok_events + count * per_request
      end
    end
  end
  for status, count in pairs(all) do
    if status < 200 or status >= 300 then
      table.insert(other, status .. "x" .. count)
    end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("ok_per_s=%.0f ok_events_per_s=%.0f ok=%d non2xx=%s socket_errors=%d p50_ms=%.1f p99_ms=%.1f seconds=%.1f\n",
    ok / seconds, ok_events / seconds, ok, #other == 0 and "none" or table.concat(other, ","),
    socket, latency:percentile(50) / 1000, latency:percentile(99) / 1000, seconds))
end
