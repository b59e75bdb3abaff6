-- wrk script: print the latency percentiles the benchmarks report (p50, p95, p99) in ms.
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d, non-2xx %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, req/s %.0f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
