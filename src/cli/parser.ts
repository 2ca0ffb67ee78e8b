// The yargs command line: Go-style single-dash flags (-duration=2m) and GNU-style (--duration 2m).
// Parsing only; the handlers live in commands/ and main.ts runs them.
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../shared/errors.ts';
import { serviceFlags } from './service-options.ts';
import { VERSION } from '../shared/version.ts';

export type Command = 'collect' | 'analyze' | 'demo' | 'sim' | 'redact' | 'diff';

export interface ParsedArgs {
  command: Command;
  flags: Record<string, unknown>;
  positionals: string[];
}

const str = (describe: string, extra: Record<string, unknown> = {}) => ({ type: 'string' as const, describe, ...extra });
const bool = (describe: string) => ({ type: 'boolean' as const, describe });

function collectFlags(y: Argv): Argv {
  return serviceFlags(y)
    .option('address', str('HTTP address of one Nomad agent (env NOMAD_ADDR)', { default: undefined, defaultDescription: 'http://127.0.0.1:4646' }))
    .option('token', str('ACL token (env NOMAD_TOKEN); never written to the bundle'))
    .option('region', str('Region to capture (env NOMAD_REGION)'))
    .option('namespace', str('Namespace for jobs, allocations and events (env NOMAD_NAMESPACE; "*" for all)'))
    .option('ca-cert', str('CA certificate file (env NOMAD_CACERT)'))
    .option('ca-path', str('Folder of CA certificates (env NOMAD_CAPATH)'))
    .option('client-cert', str('Client certificate for mutual TLS (env NOMAD_CLIENT_CERT)'))
    .option('client-key', str('Client key for mutual TLS (env NOMAD_CLIENT_KEY)'))
    .option('tls-server-name', str('Server name to verify (env NOMAD_TLS_SERVER_NAME)'))
    .option('tls-skip-verify', bool('Do not verify the server certificate (env NOMAD_SKIP_VERIFY)'))
    .option('trust-advertised', bool(
      'RISK: send the ACL token with direct asks (agent self, schedulers) over plain HTTP or unverified TLS to whatever ' +
      'address cluster members advertise; a rogue member would receive it. Default: only -address, and agents whose ' +
      'certificate from the cluster CA names server.<region>.nomad or client.<region>.nomad, get the token',
    ))
    .option('duration', str('How long to capture logs, profiles and state', { defaultDescription: '5m' }))
    .option('interval', str('Time between state snapshots', { defaultDescription: '30s' }))
    .option('log-level', str('Monitor log level: TRACE DEBUG INFO WARN ERROR', { defaultDescription: 'TRACE' }))
    .option('log-include-location', bool('Include file:line in monitor logs (default true)'))
    .option('log-lookback', str('Also export each agent\'s journald history of this long (monitor_export.log; Nomad 1.10.4+, Linux with systemd)'))
    .option('log-file-export', bool('Also export each agent\'s Nomad log file (monitor_export.log; Nomad 1.10.4+, needs log_file); not with -log-lookback'))
    .option('max-nodes', str('Most client nodes to capture; 0 = all', { defaultDescription: '10' }))
    .option('node-id', str('Comma list of node id prefixes, or "all"', { defaultDescription: 'all' }))
    .option('node-class', str('Only client nodes of this class'))
    .option('server-id', str('Comma list of server name prefixes, "all" or "leader"', { defaultDescription: 'all' }))
    .option('pprof-duration', str('Length of each CPU profile and trace', { defaultDescription: '1s' }))
    .option('pprof-interval', str('Time between pprof rounds', { defaultDescription: '30s' }))
    .option('event-topic', str('Event stream topics, Topic[:filter] comma list, "all" or "none"', { defaultDescription: 'none' }))
    .option('event-index', str('Event stream start index', { defaultDescription: '0' }))
    .option('stale', bool('Let any server answer cluster queries (works without a leader)'))
    .option('output', str('Folder to write the bundle in', { defaultDescription: 'current folder' }))
    .option('verbose', bool('More detail in progress output'))
    .option('no-archive', bool('Leave an unpacked folder instead of a .tar.gz'))
    .option('concurrency', str('One-shot requests in flight at once (streams and profiles have their own bound)', { defaultDescription: '32' }))
    .option('compression-level', str('gzip level of the archive, 1 (fastest) to 9 (smallest)', { defaultDescription: '1' }))
    .option('request-timeout', str('Time limit of each one-shot request', { defaultDescription: '30s' }))
    .option('no-redact', bool('Do NOT redact secrets (unsafe: the bundle will hold them)'))
    .option('json', bool('Progress as NDJSON events on stderr'))
    .example('$0 collect -address=https://nomad.example:4646 -duration=2m', 'capture two minutes from every server and up to 10 clients')
    .example('$0 collect -server-id=leader -node-id=all -max-nodes=0', 'the leader and every client node')
    .example('$0 collect -duration=30s -interval=10s -output=/tmp', 'a short capture written to /tmp');
}

export function buildParser(argv: string[], onParsed: (p: ParsedArgs) => void): Argv {
  const take = (command: Command) => (args: Record<string, unknown>) => {
    const positionals = (args._ as unknown[]).slice(1).map(String);
    onParsed({ command, flags: args, positionals });
  };
  return yargs(argv)
    .scriptName('nomad-debug')
    .usage('nomad-debug: collect and analyze HashiCorp Nomad debug bundles\n\nUsage: $0 <command> [flags]')
    // a flag given twice: the last wins, as with Go's flag package (an array would reach code that expects one value)
    .parserConfiguration({ 'short-option-groups': false, 'boolean-negation': false, 'camel-case-expansion': false, 'duplicate-arguments-array': false })
    .command('collect', 'Capture a debug bundle from the cluster at -address', collectFlags, take('collect'))
    .command(
      'analyze [bundle]',
      'Read a bundle (.tar.gz, .tar or folder) and write one HTML report',
      (y) =>
        y
          .positional('bundle', { type: 'string', describe: 'The bundle: ours or one from `nomad operator debug`' })
          .option('out', str('Report file', { defaultDescription: '<bundle name>.html in the current folder' }))
          .option('json', str('Also write the findings as JSON to this file'))
          .option('fail-on', str('Exit 3 on a critical finding (critical) or 4 on a warning (warning)', { defaultDescription: 'never' }))
          .example('$0 analyze nomad-debug-2026-11-22-101500Z.tar.gz', 'writes nomad-debug-2026-11-22-101500Z.html')
          .example('$0 analyze bundle.tar.gz -json findings.json -fail-on critical', 'for automation: exit 3 when anything is critical'),
      take('analyze'),
    )
    .command(
      'redact [bundle]',
      'Write a copy of a bundle (ours or Nomad\'s) with secrets redacted, safe to share',
      (y) =>
        y
          .positional('bundle', { type: 'string', describe: 'The bundle: .tar.gz, .tar or folder (never changed)' })
          .option('out', str('The redacted .tar.gz', { defaultDescription: '<bundle name>-redacted.tar.gz in the current folder' }))
          .option('rules', str('Extra rules of yours: a JSON file of names, patterns and paths (see README)'))
          .option('json', str('Also write what was redacted, by rule and file, as JSON to this file'))
          .example('$0 redact nomad-debug-2026-11-22-101500Z.tar.gz', 'writes nomad-debug-2026-11-22-101500Z-redacted.tar.gz'),
      take('redact'),
    )
    .command(
      'diff [before] [after]',
      'Compare two bundles: findings resolved, new and changed, and key facts',
      (y) =>
        y
          .positional('before', { type: 'string', describe: 'The earlier bundle (.tar.gz, .tar or folder; ours or Nomad\'s)' })
          .positional('after', { type: 'string', describe: 'The later bundle' })
          .option('out', str('Also write the diff as one HTML page to this file'))
          .option('json', str('Also write the diff as JSON to this file'))
          .example('$0 diff before.tar.gz after.tar.gz -out diff.html', 'did the restart fix it?'),
      take('diff'),
    )
    .command(
      'demo',
      'Start a simulated cluster, collect from it, analyze, and write the report',
      (y) =>
        y
          .option('out', str('Folder for the bundle and report', { defaultDescription: './nomad-debug-demo' }))
          .option('scenario', str('healthy or degraded', { defaultDescription: 'degraded' }))
          .option('clients', str('Number of simulated clients', { defaultDescription: '5' }))
          .option('duration', str('Capture length', { defaultDescription: '6s' }))
          .example('$0 demo', 'the degraded scenario: report in ./nomad-debug-demo/'),
      take('demo'),
    )
    .command(
      'sim',
      'Serve a simulated Nomad cluster on loopback until Ctrl-C',
      (y) =>
        y
          .option('addr', str('Listen address (loopback only)', { defaultDescription: '127.0.0.1:4646' }))
          .option('servers', str('Number of servers', { defaultDescription: '3' }))
          .option('clients', str('Number of clients', { defaultDescription: '5' }))
          .option('scenario', str('healthy or degraded', { defaultDescription: 'healthy' }))
          .option('seed', str('Seed for ids and content', { defaultDescription: '1' }))
          .option('token', str('Turn ACLs on with this management token'))
          .option('limited-token', str('With -token: a second token with a limited policy'))
          .option('tls', bool('Serve HTTPS with mutual TLS (test certificates)'))
          .option('no-debug', bool('enable_debug=false: host and pprof answer 403 without ACLs'))
          .option('consul-token', str("Turn the sim's Consul ACLs on (default deny) with this management token"))
          .option('vault-state', str('Vault: active, standby, perfstandby, dr-secondary, uninitialized or sealed', { defaultDescription: 'active (sealed when degraded)' }))
          .example('$0 sim -scenario degraded', 'then: nomad-debug collect -address=http://127.0.0.1:4646')
          .example('$0 sim -addr 127.0.0.1:0 -clients 500', 'a large cluster on an ephemeral port'),
      take('sim'),
    )
    .example('$0 demo', 'the whole tool on a simulated, unhealthy cluster: report in ./nomad-debug-demo/')
    .example('NOMAD_ADDR=https://nomad.example:4646 $0 collect -duration=2m', 'a bundle from a real cluster')
    .example('$0 analyze nomad-debug-2026-11-22-101500Z.tar.gz', 'findings and one HTML report, offline')
    .demandCommand(1, 'Name a command: collect, analyze, demo or sim')
    .strict()
    .help()
    .alias('help', 'h')
    .version(VERSION)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err instanceof UsageError ? err : new UsageError(oneLine(msg ?? err?.message ?? 'invalid arguments', argv));
    });
}

/** yargs messages can span lines; ours are one line that names the flag or argument. */
export function oneLine(msg: string, argv: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (unknown) {
    const first = (unknown[1] ?? '').split(',')[0]?.trim() ?? '';
    const asFlag = argv.find((a) => a.replace(/^--?/, '').split('=')[0] === first && a.startsWith('-'));
    if (asFlag) return `Unknown flag -${first}`;
    if (argv[0] === first) return `Unknown command ${JSON.stringify(first)}: want collect, analyze, demo or sim`;
    return `Unexpected argument ${JSON.stringify(first)}`;
  }
  return msg.replace(/\s+/g, ' ').trim();
}
