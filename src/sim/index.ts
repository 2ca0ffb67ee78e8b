// The simulated Nomad cluster: state from a seed (cluster/), served over real sockets (server/).
// Used by `nomad-debug sim`, the demo, the tests and the benchmarks; loopback only.
import { setMaxListeners } from 'node:events';
import { buildCluster } from './cluster/build.ts';
import type { Planted, Scenario, SimAgent, SimCluster } from './cluster/types.ts';
import type { AclConfig } from './server/acl.ts';
import { Faults, type Fault } from './server/faults.ts';
import { listenAll, listenService, type TlsFor } from './server/listeners.ts';
import { CONSUL_ADDRESS } from './cluster/consul.ts';
import { setVaultState, vaultUrl, type VaultState } from './cluster/vault.ts';
import type { ConsulAclConfig } from './server/consul-acl.ts';
import { makeConsulHandler } from './server/consul-routes.ts';
import { ExternalLog } from './server/external-log.ts';
import { makeVaultHandler } from './server/vault-routes.ts';
import { RequestLog } from './server/request-log.ts';
import { makeRouter } from './server/router.ts';
import { tlsFiles, tlsMaterial, type TlsFiles } from './server/tls-files.ts';

export type { Fault, Planted, Scenario, SimAgent, SimCluster, VaultState };

export interface SimOptions {
  /** Loopback address of the agent a collector talks to (default 127.0.0.1). */
  host?: string;
  /** 0 = any free port (default). */
  port?: number;
  servers?: number;
  clients?: number;
  scenario?: Scenario;
  seed?: number;
  /** ACLs on: the management token. */
  token?: string;
  /** A second token that may read nodes and agents but not pprof, operator or all events. */
  limitedToken?: string;
  tls?: boolean;
  /** With tls: one agent (the last listening client) serves a certificate for a wrong name; default true. */
  tlsRogue?: boolean;
  /** enable_debug (host and pprof without ACLs); default true. */
  enableDebug?: boolean;
  /** Consul ACLs on (default deny) with this management token. */
  consulToken?: string;
  /** With consulToken: a Consul token with node:read and service:read only. */
  consulLimitedToken?: string;
  /** Vault's state (default: active; sealed in the degraded scenario). */
  vaultState?: VaultState;
}

/** The sim's Consul agent or Vault: where it listens and what reached it. */
export interface SimService {
  /** Base URL, e.g. http://127.0.0.2:8500. */
  url: string;
  /** host:port, as Consul's CONSUL_HTTP_ADDR usually is. */
  address: string;
  requests: ExternalLog;
  planted: Planted[];
}

export interface Sim {
  url: string;
  port: number;
  cluster: SimCluster;
  agents: SimAgent[];
  planted: Planted[];
  tls: TlsFiles | undefined;
  /** With -tls: the agent whose certificate names the wrong role (the last listening client). */
  rogue: SimAgent | undefined;
  /** For tests: requests per listener address, with and without a token. */
  requests: RequestLog;
  consul: SimService;
  vault: SimService;
  addFault(f: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startSim(o: SimOptions = {}): Promise<Sim> {
  const host = o.host ?? '127.0.0.1';
  const enableDebug = o.enableDebug ?? true;
  const tls = o.tls ?? false;
  const acl: AclConfig = { enableDebug };
  if (o.token) acl.token = o.token;
  if (o.limitedToken) acl.limitedToken = o.limitedToken;
  const faults = new Faults();
  const closing = new AbortController();
  // Every open request listens for the sim closing: hundreds at once with many clients.
  setMaxListeners(0, closing.signal);
  const cluster = buildCluster({
    servers: o.servers ?? 3, clients: o.clients ?? 5, scenario: o.scenario ?? 'healthy', seed: o.seed ?? 1,
    enableDebug, aclEnabled: !!o.token, tls, port: o.port ?? 0,
  }, new Date());
  const router = makeRouter({ cluster, acl, faults, state: { schedulerConfig: new Map(), nodeListAsks: 0 }, closing: closing.signal });
  // The agent at the sim's own address: one that advertises it, else the leader (as a load balancer would).
  const entry = cluster.agents.find((a) => a.address === host && a.listening) ?? cluster.leader ?? cluster.servers.find((s) => s.listening) ?? cluster.agents[0]!;
  const rogue = tls && (o.tlsRogue ?? true) ? cluster.clients.filter((c) => c.listening && c !== entry).at(-1) : undefined;
  const requests = new RequestLog();
  const listening = await listenAll(host, o.port ?? 0, entry, cluster.agents, tls ? agentCertificates(rogue) : undefined, (req, res, agent) => {
    requests.note(req);
    router(req, res, agent);
  });
  // Agents advertise the port, known only once bound; the documents read it at answer time.
  cluster.options.port = listening.port;
  if (o.vaultState) setVaultState(cluster.vault, o.vaultState);
  const consulAcl: ConsulAclConfig = {};
  if (o.consulToken) consulAcl.token = o.consulToken;
  if (o.consulLimitedToken) consulAcl.limitedToken = o.consulLimitedToken;
  const consulLog = new ExternalLog();
  const vaultLog = new ExternalLog();
  // Consul's and Vault's usual ports beside a sim on a fixed port; free ones beside port 0.
  const fixed = (o.port ?? 0) !== 0;
  const consulHandler = makeConsulHandler(cluster, consulAcl);
  const vaultHandler = makeVaultHandler(cluster);
  const others = await Promise.all([
    listenService(CONSUL_ADDRESS, fixed ? cluster.consul.port : 0, (req, res) => {
      consulLog.note(req);
      consulHandler(req, res);
    }),
    // With -tls, Vault serves the servers' test certificate (names 127.0.0.1) and wants a client certificate.
    listenService(cluster.vault.host, fixed ? cluster.vault.port : 0, (req, res) => {
      vaultLog.note(req);
      vaultHandler(req, res);
    }, tls ? tlsMaterial().server : undefined),
  ]).catch(async (err: unknown) => {
    await listening.close();
    throw err;
  });
  const [consulListening, vaultListening] = others;
  cluster.consul.port = consulListening.port;
  cluster.vault.port = vaultListening.port;
  const scheme = tls ? 'https' : 'http';
  return {
    url: `${scheme}://${host}:${listening.port}`,
    port: listening.port,
    cluster,
    agents: cluster.agents,
    planted: cluster.planted,
    tls: tls ? tlsFiles() : undefined,
    rogue,
    requests,
    consul: {
      url: `http://${CONSUL_ADDRESS}:${consulListening.port}`,
      address: `${CONSUL_ADDRESS}:${consulListening.port}`,
      requests: consulLog,
      planted: cluster.consul.planted,
    },
    vault: {
      url: vaultUrl(cluster.vault),
      address: `${cluster.vault.host}:${vaultListening.port}`,
      requests: vaultLog,
      planted: cluster.vault.planted,
    },
    addFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    close: async () => {
      closing.abort();
      await Promise.all([listening.close(), consulListening.close(), vaultListening.close()]);
    },
  };
}

/** Each agent serves its role's certificate; `rogue` one signed by the same CA for a wrong name. */
function agentCertificates(rogue: SimAgent | undefined): TlsFor {
  const m = tlsMaterial();
  return (a) => (a === rogue ? m.rogue : m[a.kind]);
}
