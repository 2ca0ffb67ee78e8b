// The collect options the demo (and the samples and benchmarks) use against the simulated
// cluster: a short window, every node, stale reads. Data only: importing it loads nothing else.
import type { CollectOptions } from '../../collect/options.ts';

/** `consul` and `vault`: the sim's service addresses, captured as -consul-http-addr and -vault-address would. */
export function demoCollectOptions(address: string, outputDir: string, durationMs: number, consul?: string, vault?: string): CollectOptions {
  const opts: CollectOptions = {
    address,
    tls: { skipVerify: false },
    trustAdvertised: false,
    durationMs,
    intervalMs: Math.max(1000, Math.floor(durationMs / 3)),
    logLevel: 'DEBUG',
    logIncludeLocation: true,
    // the hour before the capture too (monitor_export.log), so the demo shows the history
    logLookbackMs: 3_600_000,
    logFileExport: false,
    maxNodes: 0,
    nodeIds: ['all'],
    serverIds: ['all'],
    pprofDurationMs: 1000,
    pprofIntervalMs: Math.max(1000, Math.floor(durationMs / 2)),
    // every topic from the start, so the report's Events section shows how the trouble came about
    eventTopics: ['*:*'],
    eventIndex: 0,
    stale: true,
    outputDir,
    noArchive: false,
    concurrency: 32,
    compressionLevel: 1,
    requestTimeoutMs: 5000,
    noRedact: false,
    verbose: false,
    argv: ['collect', `-address=${address}`, '-max-nodes=0', '-stale', '-log-lookback=1h', '-event-topic=all'],
  };
  if (consul || vault) {
    opts.services = {};
    if (consul) {
      opts.services.consul = { address: consul, tls: { skipVerify: false } };
      opts.argv.push(`-consul-http-addr=${consul}`);
    }
    if (vault) {
      opts.services.vault = { address: vault, tls: { skipVerify: false } };
      opts.argv.push(`-vault-address=${vault}`);
    }
  }
  return opts;
}
