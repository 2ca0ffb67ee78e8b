// `nomad-debug collect`: Nomad's `operator debug` flags, names and defaults, plus ours.
import { COLLECT_DEFAULTS as D } from '../../collect/options.ts';
import { SERVICE_ENV } from '../../collect/service-options.ts';
import { bool, str, type CommandSpec, type FlagSpec } from './spec.ts';

const NOMAD = 'Nomad connection';
const TLS = 'TLS';
const CAPTURE = 'Capture';
const OUTPUT = 'Output';

const nomadFlags: FlagSpec[] = [
  str('address', NOMAD, 'addr', D.address,
    'The one agent we talk to; every other agent is reached through it with server_id and node_id, as Nomad does.', ['NOMAD_ADDR']),
  str('token', NOMAD, 'token', 'none', 'ACL token; sent, never written anywhere.', ['NOMAD_TOKEN']),
  str('region', NOMAD, 'region', 'the agent\'s region', 'Region to capture.', ['NOMAD_REGION']),
  str('namespace', NOMAD, 'namespace', 'default', 'Namespace of jobs, allocations and events; "*" for all.', ['NOMAD_NAMESPACE']),
  bool('trust-advertised', NOMAD,
    'RISK: also send the token with the direct asks to agents no certificate proves, over plain HTTP (or with ' +
    '-tls-skip-verify) to whatever address cluster members advertise; a rogue member would receive it. Without it only ' +
    '-address, and agents whose certificate from the cluster CA names server.<region>.nomad or client.<region>.nomad, get the token.'),
];

const tlsFlags: FlagSpec[] = [
  str('ca-cert', TLS, 'path', 'none', 'CA certificate file to verify the agents with.', ['NOMAD_CACERT']),
  str('ca-path', TLS, 'path', 'none', 'Folder of CA certificates.', ['NOMAD_CAPATH']),
  str('client-cert', TLS, 'path', 'none', 'Client certificate for mutual TLS; with -client-key.', ['NOMAD_CLIENT_CERT']),
  str('client-key', TLS, 'path', 'none', 'Client key for mutual TLS; with -client-cert.', ['NOMAD_CLIENT_KEY']),
  str('tls-server-name', TLS, 'name', 'none', 'Server name to verify -address with.', ['NOMAD_TLS_SERVER_NAME']),
  bool('tls-skip-verify', TLS, 'Do not verify the server certificate (proves no identity: the token goes to -address only).', ['NOMAD_SKIP_VERIFY']),
];

const captureFlags: FlagSpec[] = [
  str('duration', CAPTURE, 'duration', D.duration, 'How long logs, profiles and state are captured.'),
  str('interval', CAPTURE, 'duration', D.interval,
    'Time between state snapshots (interval/NNNN/); at least 1s (Nomad accepts 0 and then snapshots the cluster back-to-back) and at most -duration.'),
  str('server-id', CAPTURE, 'ids', D.serverId,
    'Comma list of server name prefixes, "all" or "leader"; an empty value is an error (Nomad takes it as none).'),
  str('node-id', CAPTURE, 'ids', D.nodeId,
    'Comma list of client node id prefixes or "all"; an empty value is an error unless -node-class is given (then all of that class).'),
  str('node-class', CAPTURE, 'class', 'none', 'Only client nodes of this class.'),
  str('max-nodes', CAPTURE, 'count', String(D.maxNodes), 'Most client nodes to capture; 0 for all.'),
  str('log-level', CAPTURE, 'level', D.logLevel, 'Monitor log level: TRACE, DEBUG, INFO, WARN or ERROR.'),
  bool('log-include-location', CAPTURE, 'Include file:line in monitor logs.', undefined, String(D.logIncludeLocation)),
  str('log-lookback', CAPTURE, 'duration', 'none',
    'Also export each agent\'s journald history of this long into monitor_export.log (Nomad 1.10.4+, Linux with systemd); not with -log-file-export.'),
  bool('log-file-export', CAPTURE,
    'Also export each agent\'s Nomad log file (log_file) into monitor_export.log (Nomad 1.10.4+); not with -log-lookback.'),
  str('pprof-duration', CAPTURE, 'duration', D.pprofDuration, 'Length of each CPU profile and trace.'),
  str('pprof-interval', CAPTURE, 'duration', D.pprofInterval, 'Time between pprof rounds.'),
  str('event-topic', CAPTURE, 'topics', D.eventTopic, 'Event stream topics: "all", "none", or a Topic[:filter] comma list such as Job,Node:abc.'),
  str('event-index', CAPTURE, 'index', String(D.eventIndex), 'Event stream start index.'),
  bool('stale', CAPTURE, 'Let any server answer cluster queries (works without a leader).'),
  str('concurrency', CAPTURE, 'count', String(D.concurrency),
    'One-shot requests in flight at once (streams and pprof windows have their own bound).'),
  str('request-timeout', CAPTURE, 'duration', D.requestTimeout,
    'Limit of each one-shot request, headers and body (streams get their window); the run ends by -duration plus this.'),
];

const outputFlags: FlagSpec[] = [
  str('output', OUTPUT, 'dir', 'current folder', 'Folder to write the bundle in.'),
  bool('no-archive', OUTPUT, 'Leave a folder instead of a .tar.gz.'),
  str('compression-level', OUTPUT, 'level', String(D.compressionLevel), 'gzip level of the archive, 1 (fastest) to 9 (smallest).'),
  bool('no-redact', OUTPUT, 'Keep secrets in the bundle (warns; do not share such a bundle).'),
  bool('json', OUTPUT, 'Progress as NDJSON events on stderr.'),
  bool('verbose', OUTPUT, 'More detail in progress output.'),
];

const env = (flag: string): string[] => [SERVICE_ENV[flag]!];

const consulFlags: FlagSpec[] = [
  str('consul-http-addr', 'Consul', 'addr', 'none',
    'The Consul agent to capture; without it Consul is not asked. host:port works (http, or https with CONSUL_HTTP_SSL=true or Consul TLS flags).',
    env('consul-http-addr')),
  str('consul-token', 'Consul', 'token', 'none', 'Sent as X-Consul-Token to -consul-http-addr only; never written.', env('consul-token')),
  str('consul-token-file', 'Consul', 'path', 'none',
    'File holding the Consul token, read (whitespace trimmed) when no -consul-token is given; as a flag it beats CONSUL_HTTP_TOKEN.',
    env('consul-token-file')),
  str('consul-auth', 'Consul', 'user:password', 'none', 'HTTP basic auth for Consul (Nomad parses it but never sends it; we do).', env('consul-auth')),
  str('consul-ca-cert', 'Consul', 'path', 'none', 'CA certificate for Consul.', env('consul-ca-cert')),
  str('consul-ca-path', 'Consul', 'path', 'none', 'Folder of CA certificates for Consul.', env('consul-ca-path')),
  str('consul-client-cert', 'Consul', 'path', 'none', 'Client certificate for Consul.', env('consul-client-cert')),
  str('consul-client-key', 'Consul', 'path', 'none', 'Client key for Consul.', env('consul-client-key')),
];

const vaultFlags: FlagSpec[] = [
  str('vault-address', 'Vault', 'addr', 'none', 'The Vault to capture sys/health from; without it Vault is not asked.', env('vault-address')),
  str('vault-token', 'Vault', 'token', 'none', 'Sent as X-Vault-Token to -vault-address only; never written (sys/health needs none).', env('vault-token')),
  str('vault-ca-cert', 'Vault', 'path', 'none', 'CA certificate for Vault, applied (Nomad parses the Vault TLS flags but never applies them).', env('vault-ca-cert')),
  str('vault-ca-path', 'Vault', 'path', 'none', 'Folder of CA certificates for Vault.', env('vault-ca-path')),
  str('vault-client-cert', 'Vault', 'path', 'none', 'Client certificate for Vault.', env('vault-client-cert')),
  str('vault-client-key', 'Vault', 'path', 'none', 'Client key for Vault.', env('vault-client-key')),
];

export const COLLECT_COMMAND: CommandSpec = {
  name: 'collect',
  positionals: [],
  summary: 'Capture a debug bundle from the cluster at -address',
  description:
    'Captures logs, pprof profiles and state of every server and up to -max-nodes clients, in parallel, redacts ' +
    'secrets before anything touches disk, and writes one .tar.gz in the layout of nomad operator debug. ' +
    'NOMAD_HTTP_AUTH (user:password) is sent as HTTP basic auth where the token goes. ' +
    'Exit codes: 0 done (also when some captures failed), 1 usage error or unreachable cluster, ' +
    '2 the output could not be written, 130 stopped by a second Ctrl-C.',
  flags: [...nomadFlags, ...tlsFlags, ...captureFlags, ...outputFlags, ...consulFlags, ...vaultFlags],
  examples: [
    { command: 'nomad-debug collect -address=https://nomad.example:4646 -duration=2m', description: 'Two minutes from every server and up to 10 clients:' },
    { command: 'nomad-debug collect -server-id=leader -max-nodes=0', description: 'The leader and every client node:' },
    { command: 'nomad-debug collect -duration=30s -interval=10s -output=/tmp', description: 'A short capture written to /tmp:' },
  ],
};
