// Secrets: what was redacted (by Nomad or by our collector), listed by name, and anything
// that still looks like a secret in the bundle: critical, naming agent and variable, with the
// value masked. Reads host Environment, agent-self config, WARN/ERROR log fields, cli-flags.
import type { AgentData, Bundle, Json } from '../../model/types.ts';
import { nomadRedactsEnv } from '../../shared/nomad-env-redaction.ts';
import { isRedactedValue, secretHit, secretInValue, type SecretHit } from '../secret-rules.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { agentLabel, agentOfPath, allAgents, evidence, finding, isObject, listSome, pointer } from '../util.ts';

const ID = 'secrets';

/** cli-flags.json flags that carry credentials (Nomad redacts them only from 2.0.3 on). */
const CREDENTIAL_FLAGS = new Set(['token', 'consul-token', 'consul-auth', 'vault-token', 'consul-client-key', 'vault-client-key', 'client-key']);

interface Leak {
  subject: string;
  where: string;
  name: string;
  hit: SecretHit;
  ev: Evidence;
}

export const check: Check = {
  id: ID,
  title: 'Secrets and redaction',
  run(bundle) {
    const agents = allAgents(bundle);
    const hasData =
      agents.some((a) => a.host?.value?.Environment || a.self || a.log) ||
      !!bundle.cluster.agentSelf || !!bundle.cluster.cliFlags || (bundle.manifest?.value?.redactions?.length ?? 0) > 0;
    if (!hasData) return { notEvaluated: 'no agent-host environment, agent-self, logs, cli-flags or redaction records in the bundle' };

    const leaks: Leak[] = [];
    for (const a of agents) leaks.push(...envLeaks(bundle, a), ...selfLeaks(a.self, a.id, agentLabel(bundle, a)), ...logLeaks(a));
    leaks.push(...selfLeaks(bundle.cluster.agentSelf, 'cluster', 'the agent at -address'), ...cliFlagLeaks(bundle));

    const out: Finding[] = leaks.map((l) =>
      finding(ID, 'critical', l.subject, `${l.name} looks like a secret in ${l.where}`,
        `${l.name} in ${l.where} holds a value that looks like a secret (${l.hit.reason}; value starts ${l.hit.masked}) and was not redacted. ` +
        'Anyone who gets this bundle can read it: do not share the bundle as is, treat the credential as exposed and rotate it. ' +
        'Our collector redacts these by default; re-collect without -no-redact, or remove the value before sharing.',
        [l.ev]));
    out.push(...exposedByNomad(bundle), ...redactedListings(bundle));
    return out;
  },
};

function envLeaks(bundle: Bundle, a: AgentData): Leak[] {
  const env = a.host?.value?.Environment;
  if (!isObject(env)) return [];
  const out: Leak[] = [];
  for (const [name, value] of Object.entries(env)) {
    const hit = secretHit(name, value);
    if (hit) {
      out.push({ subject: a.id, where: `the environment of ${agentLabel(bundle, a)}`, name, hit,
        ev: evidence(a.host!.file, pointer('HostData', 'Environment', name)) });
    }
  }
  return out;
}

/**
 * Walks any JSON; for {Name, Value, DefValue} flag objects the flag name names the value.
 * `path` is one array pushed and popped on the way (agent configs are big): `visit` must copy
 * what it keeps.
 */
function walk(v: Json | undefined, path: (string | number)[], nameHint: string, visit: (name: string, value: string, path: readonly (string | number)[]) => void): void {
  if (typeof v === 'string') visit(nameHint, v, path);
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(v[i], path, nameHint, visit);
      path.pop();
    }
  } else if (v && typeof v === 'object') {
    const flagName = typeof v['Name'] === 'string' && ('Value' in v || 'DefValue' in v) ? v['Name'] : undefined;
    for (const k of Object.keys(v)) {
      const hint = flagName && (k === 'Value' || k === 'DefValue') ? flagName : k;
      path.push(k);
      walk(v[k], path, hint, visit);
      path.pop();
    }
  }
}

function selfLeaks(self: AgentData['self'], subject: string, label: string): Leak[] {
  if (!self || !isObject(self.value) || !isObject(self.value.config)) return [];
  const out: Leak[] = [];
  walk(self.value.config as Json, ['config'], '', (name, value, path) => {
    const hit = secretHit(name, value);
    if (hit) out.push({ subject, where: `the agent configuration of ${label}`, name: path.slice(1).join('.'), hit, ev: evidence(self.file, pointer(...path)) });
  });
  return out;
}

/** A key=value whose key could be secret-like (case-insensitive, before the exact rules). */
const MAYBE_SECRET_FIELD = /(pass|secret|token|key|auth|credential|private)[\w.-]*=/i;
const FIELD = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S+)/g;

function logLeaks(a: AgentData): Leak[] {
  if (!a.log) return [];
  const out: Leak[] = [];
  const seen = new Set<string>();
  for (const e of a.log.entries) {
    const text = `${e.message ?? ''} ${e.fields ?? ''}`;
    if (!MAYBE_SECRET_FIELD.test(text) && !secretInValue(text)) continue; // most lines: one cheap test
    const hits: { name: string; hit: SecretHit }[] = [];
    for (const m of text.matchAll(FIELD)) {
      const value = m[2]!.replace(/^"|"$/g, '');
      const hit = secretHit(m[1]!, value);
      if (hit) hits.push({ name: m[1]!, hit });
    }
    if (hits.length === 0) {
      const hit = secretInValue(text);
      if (hit) hits.push({ name: 'log line', hit });
    }
    for (const h of hits) {
      const key = `${h.name}|${h.hit.reason}`;
      if (seen.has(key)) continue; // one finding per variable and kind per agent
      seen.add(key);
      out.push({ subject: a.id, where: `${a.log.file} line ${e.line}`, name: h.name, hit: h.hit, ev: evidence(a.log.file, undefined, e.line) });
    }
  }
  return out;
}

function cliFlagLeaks(bundle: Bundle): Leak[] {
  const cf = bundle.cluster.cliFlags;
  if (!cf) return [];
  const out: Leak[] = [];
  const seen = new Set<string>();
  walk(cf.value, [], '', (name, value, path) => {
    // "-token=abc" in Args
    const arg = /^--?([\w-]+)=(.*)$/.exec(value);
    const flag = arg ? arg[1]! : name;
    const val = arg ? arg[2]! : value;
    if (isRedactedValue(val)) return;
    const credential = CREDENTIAL_FLAGS.has(flag) && val.trim() !== '' && !/key$/.test(flag);
    const hit = credential ? { reason: `the -${flag} flag (written in clear by Nomad before 2.0.3)`, masked: val.length >= 12 ? `${val.slice(0, 3)}…` : '…' } : secretHit(flag, val);
    if (!hit || seen.has(flag)) return;
    seen.add(flag);
    out.push({ subject: 'cluster', where: cf.file, name: `-${flag}`, hit, ev: evidence(cf.file, pointer(...path)) });
  });
  return out;
}

/**
 * Values our collector had to redact are values Nomad served in clear: to any token with
 * agent:read, and into `nomad operator debug` bundles. One warning per agent; the -address
 * agent's cluster/agent-self.json counts for that member, so it is not reported twice.
 */
function exposedByNomad(bundle: Bundle): Finding[] {
  const selfMember = bundle.cluster.agentSelf?.value?.member?.Name;
  const bySubject = new Map<string, { label: string; names: Set<string>; files: Set<string> }>();
  for (const r of bundle.manifest?.value?.redactions ?? []) {
    if (!r || typeof r.path !== 'string' || r.rule === 'nomad') continue;
    let who = agentOfPath(r.path);
    if (!who && r.path === bundle.cluster.agentSelf?.file && typeof selfMember === 'string' && selfMember !== '') who = { kind: 'server', id: selfMember };
    if (!who || /^line \d+$/.test(String(r.field))) continue; // log lines carry request data, not the agent's own secrets
    let s = bySubject.get(who.id);
    if (!s) bySubject.set(who.id, (s = { label: agentLabel(bundle, who), names: new Set(), files: new Set() }));
    s.names.add(redactedName(r.field, r.path));
    s.files.add(r.path);
  }
  return [...bySubject].map(([subject, s]) => {
    const names = [...s.names].sort();
    return finding(ID, 'warning', subject, `Nomad serves ${names.length} secret${names.length === 1 ? '' : 's'} of ${s.label} in clear: ${listSome(names, 4)}`,
      `Nomad's own redaction missed ${listSome(names, 40)}: /v1/agent/host (environment) and /v1/agent/self (configuration) return them ` +
      'to any token with agent:read, and `nomad operator debug` writes them into its bundles as they are. nomad-debug redacted them ' +
      'before writing this bundle, so the values are not here. Move them out of the agent\'s environment and configuration (Vault, ' +
      'Nomad Variables, a file the agent reads), and rotate any that were in a bundle shared before.',
      [...s.files].slice(0, 5).map((f) => evidence(f)));
  });
}

/** One info finding per agent (or "cluster") listing redacted names, Nomad's and ours. */
function redactedListings(bundle: Bundle): Finding[] {
  const bySubject = new Map<string, { label: string; names: Map<string, Set<string>>; files: Set<string> }>();
  const add = (subject: string, label: string, name: string, by: string, file: string) => {
    let s = bySubject.get(subject);
    if (!s) bySubject.set(subject, (s = { label, names: new Map(), files: new Set() }));
    const set = s.names.get(name) ?? new Set<string>();
    set.add(by);
    s.names.set(name, set);
    s.files.add(file);
  };
  const ours = new Set<string>(); // "path|name" redacted by our collector
  for (const r of bundle.manifest?.value?.redactions ?? []) {
    if (!r || typeof r.path !== 'string') continue;
    const who = agentOfPath(r.path);
    const subject = who?.id ?? 'cluster';
    const label = who ? agentLabel(bundle, who) : 'cluster files';
    const name = redactedName(r.field, r.path);
    ours.add(`${r.path}|${name}`);
    add(subject, label, name, r.rule === 'nomad' ? 'Nomad' : `nomad-debug (${r.rule})`, r.path);
  }
  for (const a of allAgents(bundle)) {
    const env = a.host?.value?.Environment;
    if (!isObject(env)) continue;
    for (const [name, value] of Object.entries(env)) {
      if (value === '<redacted>' && !ours.has(`${a.host!.file}|${name}`)) {
        add(a.id, agentLabel(bundle, a), name, nomadRedactsEnv(name) ? 'Nomad' : 'before collection', a.host!.file);
      }
    }
  }
  const out: Finding[] = [];
  for (const [subject, s] of bySubject) {
    const names = [...s.names].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, by]) => `${n} (${[...by].join(', ')})`);
    out.push(finding(ID, 'info', subject, `${s.names.size} value${s.names.size === 1 ? '' : 's'} redacted for ${s.label}`,
      `Redacted before the bundle was written: ${listSome(names, 40)}. The values are not in the bundle; the names tell which ` +
      'credentials the agent runs with, in case they need rotating or moving to a secrets store.',
      [...s.files].slice(0, 5).map((f) => evidence(f))));
  }
  return out;
}


/** "HostData.Environment.DB_PASSWORD" → "DB_PASSWORD"; "config.Consuls.0.Token" → "Consuls.0.Token"; "line 12" → "monitor.log line 12". */
function redactedName(field: string, path: string): string {
  const f = String(field ?? '');
  if (/^line \d+$/.test(f)) return `${path.split('/').pop()} ${f}`;
  const env = /Environment\.(.+)$/.exec(f);
  if (env) return env[1]!;
  return f.replace(/^(HostData|config)\./, '') || f;
}

