// Preloaded (node --import) into a benchmarked CLI run: its peak RSS and CPU seconds, as the last stderr line.
process.on('exit', () => {
  const r = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ maxRssMB: r.maxRSS / 1024, cpuS: (r.userCPUTime + r.systemCPUTime) / 1e6 })}\n`);
});
