-- bench/load.sh: a mixed load of the pages visitors use, in a fixed rotation, and a
-- count of every response that is not a 2xx (wrk itself counts only 4xx and 5xx).
local paths = {
  "/",
  "/projects/",
  "/projects/china-laos-railway/",
  "/timeline/",
  "/projects/?q=water",
  "/search/?q=railway",
  "/countries/laos/",
  "/outcomes/",
  "/projects/?country=laos&status=completed",
  "/static/css/site.css",
  "/about/",
  "/projects/?q=health+cooperation&page=2",
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads)
end

function init(args)
  next_index = offset
  non_2xx = 0
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local non_2xx_total = 0
  for _, thread in ipairs(threads) do
    non_2xx_total = non_2xx_total + thread:get("non_2xx")
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write("--- load result ---\n")
  io.write(string.format("requests: %d in %.1f s\n", summary.requests, summary.duration / 1e6))
  io.write(string.format("requests per second: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.1f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p99: %.1f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("socket errors: %d (connect %d, read %d, write %d, timeout %d)\n",
    socket_errors, errors.connect, errors.read, errors.write, errors.timeout))
  io.write(string.format("non-2xx responses: %d\n", non_2xx_total))
end
