// The collector's normalised options: built by src/cli from flags + NOMAD_* env + defaults,
// already validated (durations parsed, comma lists split). Never printed with the token.

import type { TlsOptions } from '../nomad/tls.ts';
import type { ServiceTargets } from './service-options.ts';

export type { TlsOptions };

export interface CollectOptions {
  /** Base URL of the one agent we talk to, e.g. "http://127.0.0.1:4646". */
  address: string;
  token?: string;
  /** NOMAD_HTTP_AUTH user:password, sent as basic auth. */
  httpAuth?: string;
  region?: string;
  namespace?: string;
  tls: TlsOptions;
  /** -trust-advertised: send the token to advertised addresses no certificate proves (plain HTTP). */
  trustAdvertised: boolean;
  durationMs: number;
  intervalMs: number;
  logLevel: string;
  logIncludeLocation: boolean;
  /** -log-lookback: journald history to export per agent (0 = none). */
  logLookbackMs: number;
  /** -log-file-export: export each agent's Nomad log file. */
  logFileExport: boolean;
  /** 0 = all. */
  maxNodes: number;
  /** Node id prefixes; ["all"] = every node; [] = no clients. */
  nodeIds: string[];
  nodeClass?: string;
  /** Server name prefixes; ["all"], ["leader"], or []. */
  serverIds: string[];
  pprofDurationMs: number;
  pprofIntervalMs: number;
  /** null = no event stream; otherwise "Topic:filter" items ("*:*" for all). */
  eventTopics: string[] | null;
  eventIndex: number;
  stale: boolean;
  /** Folder the bundle goes to (default: the current directory). */
  outputDir: string;
  noArchive: boolean;
  concurrency: number;
  /** gzip level of the archive, 1 to 9. */
  compressionLevel: number;
  requestTimeoutMs: number;
  noRedact: boolean;
  verbose: boolean;
  /** The command line as given, for cluster/cli-flags.json (redacted before writing). */
  argv: string[];
  /** Consul and Vault to capture beside Nomad (service-options.ts); absent: neither. */
  services?: ServiceTargets;
}

export const COLLECT_DEFAULTS = {
  address: 'http://127.0.0.1:4646',
  duration: '5m',
  interval: '30s',
  logLevel: 'TRACE',
  logIncludeLocation: true,
  maxNodes: 10,
  nodeId: 'all',
  serverId: 'all',
  pprofDuration: '1s',
  pprofInterval: '30s',
  eventTopic: 'none',
  eventIndex: 0,
  concurrency: 32,
  /** Measured on a 2,000-client bundle: see the README's "How fast". */
  compressionLevel: 1,
  requestTimeout: '30s',
} as const;
