// Preloaded (node --import) into a benchmarked CLI run: its peak RSS, as the last stderr line.
process.on('exit', () => {
  process.stderr.write(`\n${JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
});
