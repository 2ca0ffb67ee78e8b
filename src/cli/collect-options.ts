// argv + NOMAD_* environment → validated CollectOptions. Pure: the caller passes env and cwd.
// Flags win over environment, environment over defaults, as in Nomad's CLI.
import path from 'node:path';
import { COLLECT_DEFAULTS, type CollectOptions } from '../collect/options.ts';
import { DurationError, formatDuration, parseDuration } from '../shared/duration.ts';
import { UsageError } from '../shared/errors.ts';
import { COLLECT_COMMAND } from './flags/collect.ts';
import { envFlags } from './flags/spec.ts';
import { buildServiceTargets, type RawServiceFlags } from './service-options.ts';

/** The raw collect flags as yargs hands them over (all strings or booleans, unvalidated). */
export interface RawCollectFlags extends RawServiceFlags {
  address?: string;
  token?: string;
  region?: string;
  namespace?: string;
  'ca-cert'?: string;
  'ca-path'?: string;
  'client-cert'?: string;
  'client-key'?: string;
  'tls-server-name'?: string;
  'tls-skip-verify'?: boolean;
  'trust-advertised'?: boolean;
  duration?: string;
  interval?: string;
  'log-level'?: string;
  'log-include-location'?: boolean;
  'log-lookback'?: string;
  'log-file-export'?: boolean;
  'max-nodes'?: string;
  'node-id'?: string | string[];
  'node-class'?: string;
  'server-id'?: string | string[];
  'pprof-duration'?: string;
  'pprof-interval'?: string;
  'event-topic'?: string;
  'event-index'?: string;
  stale?: boolean;
  output?: string;
  verbose?: boolean;
  'no-archive'?: boolean;
  concurrency?: string;
  'compression-level'?: string;
  'request-timeout'?: string;
  'no-redact'?: boolean;
}

/**
 * Nomad's standard variables of the string flags, as the flag declarations name them (the help
 * shows the same); not yargs' env prefix. NOMAD_SKIP_VERIFY is a switch, read below; the Consul
 * and Vault variables are read by service-options.ts.
 */
const ENV_FLAGS = envFlags(COLLECT_COMMAND).filter(([env, flag]) => env.startsWith('NOMAD_') && flag !== 'tls-skip-verify') as [string, keyof RawCollectFlags][];

/** Event stream topics Nomad knows, so a lower-case or misspelt topic is fixed or refused. */
const EVENT_TOPICS = [
  'Deployment', 'Evaluation', 'Allocation', 'Job', 'Node', 'NodePool', 'ACLPolicy', 'ACLToken', 'ACLRole',
  'ACLAuthMethod', 'ACLBindingRule', 'Service', 'HostVolume', 'CSIVolume', 'CSIPlugin', 'Operator', 'Variable', '*',
];

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Below this, snapshots would follow each other with no wait: a typo must not load a production cluster. */
export const MIN_INTERVAL_MS = 1000;

/** A flag's value as an error shows it: `"30s" (default)` when the operator did not give it. */
function shown(value: string, given: unknown): string {
  return given === undefined ? `${JSON.stringify(value)} (default)` : JSON.stringify(value);
}

function parseFlagDuration(flag: string, value: string, given: unknown = value): number {
  try {
    return parseDuration(value);
  } catch (err) {
    if (err instanceof DurationError) throw new UsageError(`Invalid -${flag} ${shown(value, given)}: ${err.message}`);
    throw err;
  }
}

function parseWholeNumber(flag: string, value: string, min: number, given: unknown = value, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`Invalid -${flag} ${shown(value, given)}: want a whole number ${range}`);
  }
  return Number(value);
}

/** A selection list: empty (often a blank shell variable) is refused rather than selecting nothing. */
function parseSelection(flag: string, value: string | string[] | undefined, fallback: string, emptyMeans?: string[]): string[] {
  const items = splitList(value ?? fallback);
  if (items.length > 0) return items;
  if (emptyMeans) return emptyMeans;
  throw new UsageError(`Invalid -${flag} ${JSON.stringify(Array.isArray(value) ? value.join(',') : value)}: empty; give ${flag === 'node-id' ? 'node id' : 'server name'} prefixes or "all"`);
}

/** Nomad's StringToSlice: split on commas, trim, drop blanks. Repeated flags are joined first. */
export function splitList(value: string | string[] | undefined): string[] {
  const items = (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(','));
  const out: string[] = [];
  for (const item of items.map((s) => s.trim())) if (item !== '' && !out.includes(item)) out.push(item);
  return out;
}

/** `-event-topic`: none → null; all → ["*:*"]; "job,Node:abc" → ["Job:*", "Node:abc"]. */
export function parseEventTopics(value: string): string[] | null {
  const items = splitList(value);
  if (items.length === 0 || (items.length === 1 && items[0] === 'none')) return null;
  if (items.includes('all')) return ['*:*'];
  return items.map((item) => {
    const [topicRaw = '', filter = '*'] = item.split(/:(.*)/s);
    const topic = EVENT_TOPICS.find((t) => t.toLowerCase() === topicRaw.toLowerCase());
    if (!topic) {
      throw new UsageError(`Invalid -event-topic ${JSON.stringify(value)}: unknown topic ${JSON.stringify(topicRaw)}`);
    }
    return `${topic}:${filter === '' ? '*' : filter}`;
  });
}

/** Adds a scheme when missing (https when TLS material is given) and checks the result is a URL; `flag` names it in errors. */
export function normalizeAddress(raw: string, tls: boolean, flag = 'address'): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${tls ? 'https' : 'http'}://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`Invalid -${flag} ${JSON.stringify(raw)}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`Invalid -${flag} ${JSON.stringify(raw)}: scheme must be http or https`);
  }
  if (url.username || url.password) {
    // said without the address: it holds a password the operator did not mean to print
    throw new UsageError(`Invalid -${flag}: credentials in the URL are not sent; use ${flag === 'address' ? '-token or NOMAD_HTTP_AUTH' : 'the token flags'} (give only scheme, host and port)`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new UsageError(`Invalid -${flag} ${JSON.stringify(raw)}: give only scheme, host and port`);
  }
  return url.origin;
}

/** A client certificate and its key come together; `prefix` is "" for Nomad's flags, "consul-" or "vault-". */
export function checkCertPair(clientCert: string | undefined, clientKey: string | undefined, prefix = ''): void {
  if ((clientCert === undefined) === (clientKey === undefined)) return;
  throw new UsageError(
    clientCert === undefined
      ? `Invalid -${prefix}client-key ${JSON.stringify(clientKey)}: -${prefix}client-cert is required with it`
      : `Invalid -${prefix}client-cert ${JSON.stringify(clientCert)}: -${prefix}client-key is required with it`,
  );
}

/**
 * -log-lookback and -log-file-export as Nomad 1.10.4+ takes them (command/operator_debug.go):
 * the lookback parsed first, then the two refused together with Nomad's words.
 */
export function logExportFlags(f: RawCollectFlags): { logLookbackMs: number; logFileExport: boolean } {
  const raw = f['log-lookback'];
  const logLookbackMs = raw === undefined || raw === '' ? 0 : parseFlagDuration('log-lookback', raw);
  if (logLookbackMs < 0) throw new UsageError(`Invalid -log-lookback ${JSON.stringify(raw)}: must be positive`);
  const logFileExport = f['log-file-export'] ?? false;
  if (logLookbackMs !== 0 && logFileExport) {
    throw new UsageError('Error parsing inputs, -log-file-export and -log-lookback cannot be used together.');
  }
  return { logLookbackMs, logFileExport };
}

export function buildCollectOptions(
  flags: RawCollectFlags,
  env: Record<string, string | undefined>,
  cwd: string,
  argv: string[],
): CollectOptions {
  const f: RawCollectFlags = { ...flags };
  for (const [name, flag] of ENV_FLAGS) {
    const v = env[name];
    if (f[flag] === undefined && v !== undefined && v !== '') (f as Record<string, unknown>)[flag] = v;
  }
  if (f['tls-skip-verify'] === undefined && env.NOMAD_SKIP_VERIFY) {
    f['tls-skip-verify'] = ['1', 'true', 't', 'yes'].includes(env.NOMAD_SKIP_VERIFY.toLowerCase());
  }

  // Validation order follows Nomad's: log export, duration, interval, interval ≤ duration, pprof, events.
  const { logLookbackMs, logFileExport } = logExportFlags(f);
  const durationRaw = f.duration ?? COLLECT_DEFAULTS.duration;
  const durationMs = parseFlagDuration('duration', durationRaw, f.duration);
  if (durationMs <= 0) throw new UsageError(`Invalid -duration ${shown(durationRaw, f.duration)}: must be positive`);
  const intervalRaw = f.interval ?? COLLECT_DEFAULTS.interval;
  const intervalMs = parseFlagDuration('interval', intervalRaw, f.interval);
  if (intervalMs < MIN_INTERVAL_MS) {
    throw new UsageError(`Invalid -interval ${shown(intervalRaw, f.interval)}: must be at least 1s (shorter snapshots the cluster back-to-back)`);
  }
  if (intervalMs > durationMs) {
    throw new UsageError(`Invalid -interval ${shown(intervalRaw, f.interval)}: longer than -duration ${shown(durationRaw, f.duration)}`);
  }
  const pprofDurationRaw = f['pprof-duration'] ?? COLLECT_DEFAULTS.pprofDuration;
  let pprofDurationMs = parseFlagDuration('pprof-duration', pprofDurationRaw, f['pprof-duration']);
  if (pprofDurationMs <= 0) throw new UsageError(`Invalid -pprof-duration ${shown(pprofDurationRaw, f['pprof-duration'])}: must be positive`);
  pprofDurationMs = Math.min(pprofDurationMs, durationMs);
  const pprofIntervalRaw = f['pprof-interval'] ?? COLLECT_DEFAULTS.pprofInterval;
  const pprofIntervalMs = Math.max(parseFlagDuration('pprof-interval', pprofIntervalRaw, f['pprof-interval']), pprofDurationMs);

  const eventTopics = parseEventTopics(f['event-topic'] ?? COLLECT_DEFAULTS.eventTopic);
  const eventIndexRaw = f['event-index'] ?? String(COLLECT_DEFAULTS.eventIndex);
  const eventIndex = parseWholeNumber('event-index', eventIndexRaw, 0, f['event-index']);

  const logLevel = (f['log-level'] ?? COLLECT_DEFAULTS.logLevel).toUpperCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`Invalid -log-level ${JSON.stringify(f['log-level'])}: want one of ${LOG_LEVELS.join(', ')}`);
  }

  const tls = {
    caCert: f['ca-cert'],
    caPath: f['ca-path'],
    clientCert: f['client-cert'],
    clientKey: f['client-key'],
    serverName: f['tls-server-name'],
    skipVerify: f['tls-skip-verify'] ?? false,
  };
  checkCertPair(tls.clientCert, tls.clientKey);
  const usesTls = Boolean(tls.caCert || tls.caPath || tls.clientCert || tls.skipVerify || tls.serverName);
  const address = normalizeAddress(f.address ?? COLLECT_DEFAULTS.address, usesTls);

  const opts: CollectOptions = {
    address,
    tls,
    trustAdvertised: f['trust-advertised'] ?? false,
    durationMs,
    intervalMs,
    logLevel,
    logIncludeLocation: f['log-include-location'] ?? COLLECT_DEFAULTS.logIncludeLocation,
    logLookbackMs,
    logFileExport,
    maxNodes: parseWholeNumber('max-nodes', f['max-nodes'] ?? String(COLLECT_DEFAULTS.maxNodes), 0, f['max-nodes']),
    // as Nomad: a class with an empty -node-id means all nodes of that class
    nodeIds: parseSelection('node-id', f['node-id'], COLLECT_DEFAULTS.nodeId, f['node-class'] ? ['all'] : undefined),
    serverIds: parseSelection('server-id', f['server-id'], COLLECT_DEFAULTS.serverId),
    pprofDurationMs,
    pprofIntervalMs,
    eventTopics,
    eventIndex,
    stale: f.stale ?? false,
    outputDir: path.resolve(cwd, f.output ?? '.'),
    noArchive: f['no-archive'] ?? false,
    concurrency: parseWholeNumber('concurrency', f.concurrency ?? String(COLLECT_DEFAULTS.concurrency), 1, f.concurrency),
    compressionLevel: parseWholeNumber('compression-level', f['compression-level'] ?? String(COLLECT_DEFAULTS.compressionLevel), 1, f['compression-level'], 9),
    requestTimeoutMs: parseFlagDuration('request-timeout', f['request-timeout'] ?? COLLECT_DEFAULTS.requestTimeout, f['request-timeout']),
    noRedact: f['no-redact'] ?? false,
    verbose: f.verbose ?? false,
    argv,
  };
  if (opts.requestTimeoutMs <= 0) throw new UsageError(`Invalid -request-timeout ${shown(f['request-timeout'] ?? COLLECT_DEFAULTS.requestTimeout, f['request-timeout'])}: must be positive`);
  if (f.token) opts.token = f.token;
  if (env.NOMAD_HTTP_AUTH) opts.httpAuth = env.NOMAD_HTTP_AUTH;
  if (f.region) opts.region = f.region;
  if (f.namespace) opts.namespace = f.namespace;
  const services = buildServiceTargets(flags, env);
  if (services.consul || services.vault) opts.services = services;
  if (f['node-class']) opts.nodeClass = f['node-class'];
  return opts;
}

/** One-line description of the run for the progress header (never includes the token). */
export function describeCollect(o: CollectOptions): string {
  return (
    `address ${o.address}, duration ${formatDuration(o.durationMs)}, interval ${formatDuration(o.intervalMs)}, ` +
    `pprof ${formatDuration(o.pprofDurationMs)} every ${formatDuration(o.pprofIntervalMs)}`
  );
}
