// `nomad-debug sim`.
import { bool, str, type CommandSpec } from './spec.ts';

/** What sim does when a flag is not given; the help and README say the same. */
export const SIM_DEFAULTS = { addr: '127.0.0.1:4646', servers: 3, clients: 5, scenario: 'healthy', seed: 1 } as const;

const SIM = 'Simulation';
const ACCESS = 'ACLs and TLS';

export const SIM_COMMAND: CommandSpec = {
  name: 'sim',
  positionals: [],
  summary: 'Serve a simulated Nomad cluster on loopback until Ctrl-C',
  description:
    'Serves a simulated Nomad cluster, with a Consul agent and a Vault beside it, on 127.0.0.0/8 only. ' +
    'The addresses to collect from are printed on stdout.',
  flags: [
    str('addr', SIM, 'host:port', SIM_DEFAULTS.addr, 'Listen address, loopback only; port 0 picks a free one.'),
    str('servers', SIM, 'count', String(SIM_DEFAULTS.servers), 'Number of servers, 1 to 9.'),
    str('clients', SIM, 'count', String(SIM_DEFAULTS.clients), 'Number of clients, 0 to 1000.'),
    str('scenario', SIM, 'name', SIM_DEFAULTS.scenario, 'healthy or degraded.'),
    str('seed', SIM, 'number', String(SIM_DEFAULTS.seed), 'Seed for ids and content.'),
    str('vault-state', SIM, 'state', 'active (sealed when degraded)',
      'Vault: active, standby, perfstandby, dr-secondary, uninitialized or sealed.'),
    str('token', ACCESS, 'token', 'none', 'Turn ACLs on with this management token.'),
    str('limited-token', ACCESS, 'token', 'none', 'With -token: a second token with a limited policy.'),
    str('consul-token', ACCESS, 'token', 'none', "Turn the sim's Consul ACLs on (default deny) with this management token."),
    bool('tls', ACCESS, 'Serve HTTPS with mutual TLS (the test certificates in test/fixtures/tls/).'),
    bool('no-debug', ACCESS, 'enable_debug=false: host and pprof answer 403 without ACLs.'),
  ],
  examples: [
    { command: 'nomad-debug sim -scenario=degraded', description: 'Then, in another terminal: nomad-debug collect' },
    { command: 'nomad-debug sim -addr=127.0.0.1:0 -clients=500', description: 'A large cluster on a free port:' },
  ],
};
