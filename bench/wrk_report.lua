-- wrk reporter: one JSON line with throughput, latency percentiles and errors.
-- Used by bench/run.py; latencies are in microseconds. "sent" counts the requests
-- written (completed ones plus those still in flight when wrk stopped, which the
-- servers finish anyway): bench/run.py divides the servers' CPU by it.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
end

function request()
  sent = sent + 1
  return wrk.format()
end

done = function(summary, latency, requests)
  local errors = summary.errors
  -- wrk calls request() once more in the first thread, before the run, to
  -- check the script's request (script_verify_request): not a request sent.
  local total_sent = -1
  for _, thread in ipairs(threads) do
    total_sent = total_sent + (thread:get("sent") or 0)
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "sent": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"status_errors": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, total_sent, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
