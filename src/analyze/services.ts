// What the bundle says of Consul and Vault beyond their answers: whether they were captured
// (manifest records, or Nomad's {"Error": ...} files, which the model turns into gaps), and
// where Nomad's own agent config points at them. Pure helpers for the consul and vault checks.
import type { Bundle, CaptureRecord, ConsulCheck, Json } from '../model/types.ts';
import { membersOf, nodesOf } from '../model/facts.ts';
import { jsonAt, jsonObject, jsonString } from '../model/json-read.ts';

export type ServiceName = 'consul' | 'vault';

/** The collect flag that captures each service, and its name in prose. */
export const SERVICE_FLAG: Record<ServiceName, string> = { consul: '-consul-http-addr', vault: '-vault-address' };
export const SERVICE_LABEL: Record<ServiceName, string> = { consul: 'Consul', vault: 'Vault' };

/** A check's "not evaluated" when the bundle neither holds nor tried the service; undefined when it can run. */
export function notCaptured(bundle: Bundle, name: ServiceName, holds: boolean): { notEvaluated: string } | undefined {
  if (holds || serviceAttempted(bundle, name)) return undefined;
  return { notEvaluated: `the bundle holds no ${SERVICE_LABEL[name]} data (collect with ${SERVICE_FLAG[name]})` };
}

/** The failed capture or gap of one service file ("cluster/vault-sys-health.json"), when it did not arrive. */
export function serviceFailure(bundle: Bundle, file: string): { code: string; reason: string; file: string } | undefined {
  const rec = bundle.manifest?.value.captures.find((c: CaptureRecord) => c.path === file && c.status !== 'ok');
  if (rec) return { code: rec.code, reason: rec.error ?? rec.status, file: bundle.manifest!.file };
  const gap = bundle.gaps.find((g) => g.file === file && g.code === 'ERROR_FILE');
  return gap && { code: gap.code, reason: gap.reason, file: gap.file };
}

/** True when the bundle shows an attempt to capture the service (any of its files or records). */
export function serviceAttempted(bundle: Bundle, name: ServiceName): boolean {
  const prefix = `cluster/${name}-`;
  return bundle.files.some((f) => f.startsWith(prefix)) || (bundle.manifest?.value.captures.some((c) => c.target === name) ?? false);
}

export interface ServiceUse {
  /** The address the Nomad agent's config gives (Consul's usually host:port, Vault's a URL). */
  address: string;
  /** JSON pointer of that address in agent-self.json. */
  pointer: string;
}

/**
 * Where the -address agent's config says the service is: Nomad 1.7+ writes `Consuls`/`Vaults`
 * lists, older agents `Consul`/`Vault` objects. Vault counts only when enabled.
 */
export function serviceUse(bundle: Bundle, name: ServiceName): ServiceUse | undefined {
  const config = bundle.cluster.agentSelf?.value.config as Json | undefined;
  if (!config) return undefined;
  const list = name === 'consul' ? 'Consuls' : 'Vaults';
  const single = name === 'consul' ? 'Consul' : 'Vault';
  const blocks: { block: Json; pointer: string }[] = [];
  const arr = jsonAt(config, list);
  if (Array.isArray(arr)) arr.forEach((b, i) => blocks.push({ block: b, pointer: `/config/${list}/${i}` }));
  const one = jsonAt(config, single);
  if (jsonObject(one)) blocks.push({ block: one!, pointer: `/config/${single}` });
  for (const { block, pointer } of blocks) {
    const address = jsonString(block, 'Addr');
    if (!address) continue;
    if (name === 'vault' && jsonAt(block, 'Enabled') !== true) continue;
    return { address, pointer: `${pointer}/Addr` };
  }
  return undefined;
}

/** A Nomad agent named by a Consul check: its role, the finding subject (member name or node ID) and a label. */
export interface NomadAgentRef {
  kind: 'server' | 'client';
  subject: string;
  label: string;
}

/** Nomad's agent service IDs (command/agent/consul/service_client.go makeAgentServiceID): `_nomad-server-…`, `_nomad-client-…`. */
export function nomadRoleOfCheck(c: ConsulCheck): 'server' | 'client' | undefined {
  const m = /^_nomad-(server|client)-/.exec(c.ServiceID ?? '');
  return m ? (m[1] as 'server' | 'client') : undefined;
}

/**
 * Which Nomad agent a Consul check is about, by the IP of its service (consul-agent-services.json),
 * else the host in its output ("HTTP GET http://10.0.0.5:4646/…", "dial tcp 10.0.0.5:4648"):
 * servers by their serf address (members.json), clients by their node address (nodes.json).
 */
export function checkOwners(bundle: Bundle): (c: ConsulCheck) => { agent?: NomadAgentRef; address?: string } {
  const byAddress = new Map<string, NomadAgentRef[]>();
  const add = (ip: string | null | undefined, a: NomadAgentRef) => {
    if (ip) byAddress.set(ip, [...(byAddress.get(ip) ?? []), a]);
  };
  for (const { m } of membersOf(bundle)?.members ?? []) add(m.Addr, { kind: 'server', subject: m.Name, label: m.Name });
  for (const n of nodesOf(bundle)?.nodes ?? []) add(n.Address, { kind: 'client', subject: n.ID, label: n.Name ? `${n.Name} (${n.ID.slice(0, 8)})` : n.ID });
  const services = new Map((bundle.cluster.consul?.services?.value ?? []).map((s) => [s.ID, s]));
  return (c) => {
    const svc = c.ServiceID ? services.get(c.ServiceID) : undefined;
    const address = svc?.Address || /(?:https?:\/\/|tcp )\[?([0-9a-fA-F.:]+?)\]?:\d+/.exec(c.Output ?? '')?.[1];
    const role = nomadRoleOfCheck(c);
    const agent = role ? (byAddress.get(address ?? '') ?? []).find((a) => a.kind === role) : undefined;
    const out: { agent?: NomadAgentRef; address?: string } = {};
    if (agent) out.agent = agent;
    if (address) out.address = address;
    return out;
  };
}
