// `nomad-debug sim`: serve a simulated cluster on loopback until Ctrl-C.
import { startSim, type SimOptions, type VaultState } from '../../sim/index.ts';
import { UsageError } from '../../shared/errors.ts';
import { SIM_DEFAULTS } from '../flags/sim.ts';
import { say, type Io } from '../io.ts';

export interface SimFlags {
  addr?: string;
  servers?: string;
  clients?: string;
  scenario?: string;
  seed?: string;
  token?: string;
  'limited-token'?: string;
  tls?: boolean;
  'no-debug'?: boolean;
  'consul-token'?: string;
  'vault-state'?: string;
}

const VAULT_STATES: readonly VaultState[] = ['active', 'standby', 'perfstandby', 'dr-secondary', 'uninitialized', 'sealed'];

function count(flag: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`Invalid -${flag} ${JSON.stringify(v)}: want a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

/** Parses -addr and refuses anything but 127.0.0.0/8: the sim never listens elsewhere. */
export function parseLoopbackAddr(addr: string): { host: string; port: number } {
  const m = /^(127(?:\.\d{1,3}){3}|localhost):(\d{1,5})$/.exec(addr);
  if (!m || Number(m[2]) > 65535 || (m[1] !== 'localhost' && m[1]!.split('.').some((o) => Number(o) > 255))) {
    throw new UsageError(`Invalid -addr ${JSON.stringify(addr)}: want a loopback host:port such as 127.0.0.1:4646`);
  }
  return { host: m[1] === 'localhost' ? '127.0.0.1' : m[1]!, port: Number(m[2]) };
}

export function buildSimOptions(flags: SimFlags): SimOptions {
  const { host, port } = parseLoopbackAddr(flags.addr ?? SIM_DEFAULTS.addr);
  const scenario = flags.scenario ?? SIM_DEFAULTS.scenario;
  if (scenario !== 'healthy' && scenario !== 'degraded') {
    throw new UsageError(`Invalid -scenario ${JSON.stringify(scenario)}: want healthy or degraded`);
  }
  if (flags['limited-token'] && !flags.token) throw new UsageError('Invalid -limited-token: needs -token (ACLs on)');
  const opts: SimOptions = {
    host,
    port,
    servers: count('servers', flags.servers, SIM_DEFAULTS.servers, 1, 9),
    clients: count('clients', flags.clients, SIM_DEFAULTS.clients, 0, 1000),
    scenario,
    seed: count('seed', flags.seed, SIM_DEFAULTS.seed, 0, 2 ** 31),
    tls: flags.tls ?? false,
    enableDebug: !flags['no-debug'],
  };
  if (flags.token) opts.token = flags.token;
  if (flags['limited-token']) opts.limitedToken = flags['limited-token'];
  if (flags['consul-token']) opts.consulToken = flags['consul-token'];
  const vault = flags['vault-state'];
  if (vault !== undefined) {
    if (!VAULT_STATES.includes(vault as VaultState)) throw new UsageError(`Invalid -vault-state ${JSON.stringify(vault)}: want one of ${VAULT_STATES.join(', ')}`);
    opts.vaultState = vault as VaultState;
  }
  return opts;
}

export async function runSim(flags: SimFlags, io: Io): Promise<number> {
  const opts = buildSimOptions(flags);
  const sim = await startSim(opts);
  say(io.stdout, `Simulated Nomad cluster (${opts.scenario}) at ${sim.url}`);
  for (const a of sim.agents) {
    say(io.stdout, `  ${a.kind.padEnd(6)} ${a.name.padEnd(20)} ${a.id}  ${a.address.padEnd(18)} ${a.status}${a.listening ? '' : ' (not listening)'}`);
  }
  say(io.stdout, `Consul agent at ${sim.consul.url} (-consul-http-addr=${sim.consul.url}), Vault at ${sim.vault.url} (-vault-address=${sim.vault.url})`);
  if (sim.tls) say(io.stdout, `TLS: -ca-cert=${sim.tls.ca} -client-cert=${sim.tls.clientCert} -client-key=${sim.tls.clientKey} -tls-server-name=${sim.tls.serverName}`);
  if (sim.rogue) say(io.stdout, `  ${sim.rogue.name} serves a certificate for rogue.global.nomad: it must not be trusted with the token`);
  say(io.stderr, 'Press Ctrl-C to stop.');
  const stop = io.interrupts?.signal ?? new AbortController().signal;
  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  await sim.close();
  say(io.stderr, 'Simulated cluster stopped.');
  return 0;
}
