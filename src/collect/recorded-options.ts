// The run's options as the bundle records them: the manifest's options, and
// cluster/cli-flags.json in Nomad's structure ({Name, Parsed, Actual, Formal, Effective, Args},
// each flag {Name, Value, DefValue, Usage}). Sensitive flags show "[redacted]" as Nomad 2.0.3+
// writes them; the token never appears.
import { formatDuration } from '../shared/duration.ts';
import { COLLECT_DEFAULTS, type CollectOptions } from './options.ts';
import { serviceFlagRows, serviceManifest } from './service-options.ts';

export interface FlagEntry {
  Name: string;
  Value: string;
  DefValue: string;
  Usage: string;
}

const SENSITIVE = new Set(['token', 'client-key', 'consul-token', 'consul-auth', 'consul-client-key', 'vault-token', 'vault-client-key']);
const REDACTED_FLAG = '[redacted]';

function flagTable(o: CollectOptions): [string, string, string, string][] {
  const d = COLLECT_DEFAULTS;
  return [
    ['address', o.address, d.address, 'The address of the Nomad server.'],
    ['token', o.token ?? '', '', 'The SecretID of an ACL token to use to authenticate API requests with.'],
    ['region', o.region ?? '', '', 'The region of the Nomad servers to forward commands to.'],
    ['namespace', o.namespace ?? '', '', 'The target namespace for queries and actions bound to a namespace.'],
    ['ca-cert', o.tls.caCert ?? '', '', 'Path to a PEM encoded CA cert file.'],
    ['ca-path', o.tls.caPath ?? '', '', 'Path to a directory of PEM encoded CA cert files.'],
    ['client-cert', o.tls.clientCert ?? '', '', 'Path to a PEM encoded client certificate for TLS authentication.'],
    ['client-key', o.tls.clientKey ?? '', '', 'Path to an unencrypted PEM encoded private key matching the client certificate.'],
    ['tls-server-name', o.tls.serverName ?? '', '', 'The server name to use as the SNI host when connecting via TLS.'],
    ['tls-skip-verify', String(o.tls.skipVerify), 'false', 'Do not verify TLS certificate.'],
    ['trust-advertised', String(o.trustAdvertised), 'false', 'Send the ACL token to advertised agent addresses that TLS does not verify (risk: a rogue member receives it).'],
    ['duration', formatDuration(o.durationMs), d.duration, 'The duration of the capture.'],
    ['interval', formatDuration(o.intervalMs), d.interval, 'The interval between snapshots of the Nomad state.'],
    ['log-level', o.logLevel, d.logLevel, 'The log level to monitor.'],
    ['log-include-location', String(o.logIncludeLocation), String(d.logIncludeLocation), 'Include file and line information in each log line.'],
    ['log-lookback', o.logLookbackMs > 0 ? formatDuration(o.logLookbackMs) : '', '', 'Include historical journald logs of this long in the capture.'],
    ['log-file-export', String(o.logFileExport), 'false', "Include the contents of agents' Nomad log files in the capture."],
    ['max-nodes', String(o.maxNodes), String(d.maxNodes), 'The maximum number of client nodes to capture (0 = all).'],
    ['node-id', o.nodeIds.join(','), d.nodeId, 'Comma separated list of Nomad client node ids to monitor.'],
    ['node-class', o.nodeClass ?? '', '', 'Filter client nodes based on node class.'],
    ['server-id', o.serverIds.join(','), d.serverId, 'Comma separated list of Nomad server names to monitor.'],
    ['pprof-duration', formatDuration(o.pprofDurationMs), d.pprofDuration, 'Duration for pprof collection.'],
    ['pprof-interval', formatDuration(o.pprofIntervalMs), d.pprofInterval, 'The interval between pprof collections.'],
    ['event-topic', o.eventTopics === null ? 'none' : o.eventTopics.join(','), d.eventTopic, 'The topic(s) to stream.'],
    ['event-index', String(o.eventIndex), String(d.eventIndex), 'The index to start the event stream from.'],
    ['stale', String(o.stale), 'false', 'Allow any server to answer queries.'],
    ['output', o.outputDir, '', 'The folder the bundle goes to.'],
    ['no-archive', String(o.noArchive), 'false', 'Leave a folder instead of a .tar.gz archive.'],
    ['concurrency', String(o.concurrency), String(d.concurrency), 'Requests in flight at once.'],
    ['compression-level', String(o.compressionLevel), String(d.compressionLevel), 'gzip level of the archive, 1 (fastest) to 9 (smallest).'],
    ['request-timeout', formatDuration(o.requestTimeoutMs), d.requestTimeout, 'Deadline of each one-shot request.'],
    ['no-redact', String(o.noRedact), 'false', 'Do not redact secrets.'],
    ['verbose', String(o.verbose), 'false', 'Enable verbose output.'],
    ...serviceFlagRows(o.services ?? {}),
  ];
}

/** Flag names given on the command line (values are never read from argv). */
export function flagsOnCommandLine(argv: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const arg of argv) {
    const m = /^--?([A-Za-z][A-Za-z0-9-]*)/.exec(arg);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

export function buildCliFlags(o: CollectOptions): Record<string, unknown> {
  const formal: Record<string, FlagEntry> = {};
  const effective: Record<string, FlagEntry> = {};
  const actual: Record<string, FlagEntry> = {};
  const given = flagsOnCommandLine(o.argv);
  for (const [name, value, def, usage] of flagTable(o)) {
    const hide = (v: string) => (SENSITIVE.has(name) && v !== '' ? REDACTED_FLAG : v);
    const entry: FlagEntry = { Name: name, Value: hide(value), DefValue: hide(def), Usage: usage };
    formal[name] = entry;
    if (entry.Value !== '') effective[name] = entry;
    if (given.has(name)) actual[name] = entry;
  }
  return { Name: 'debug', Parsed: true, Actual: actual, Formal: formal, Effective: effective, Args: [] };
}

/** Options for manifest.json: everything that shapes the run, no secret. */
export function manifestOptions(o: CollectOptions, effectiveNamespace: string): Record<string, unknown> {
  const { token, httpAuth, argv, services, ...rest } = o;
  void argv;
  const out: Record<string, unknown> = { ...rest, tokenSet: Boolean(token), httpAuthSet: Boolean(httpAuth), effectiveNamespace };
  const consul = serviceManifest(services?.consul);
  const vault = serviceManifest(services?.vault);
  if (consul) out['consul'] = consul;
  if (vault) out['vault'] = vault;
  return out;
}
