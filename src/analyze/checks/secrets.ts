// Secrets: what was redacted (by Nomad or by our collector), listed by name, and anything
// that still looks like a secret in the bundle: critical, naming agent and variable, with the
// value masked. Reads host Environment, agent-self config, client node metadata, WARN/ERROR log
// fields, cli-flags, and the payloads of the event stream (searched by the model while it read them).
import type { AgentData, Bundle, Json } from '../../model/types.ts';
import { nomadRedactsEnv } from '../../shared/nomad-env-redaction.ts';
import { findSecretsInJson, findSecretsInText, judgeField, mask } from '../../shared/secrets/index.ts';
import type { Check, Evidence, Finding } from '../types.ts';
import { evidence, finding, oneFindingPerCause, pointer } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { agentOfPath, allAgents } from '../../model/facts.ts';
import { groupBy } from '../../shared/group-by.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'secrets';

/** cli-flags.json flags that carry credentials (Nomad redacts them only from 2.0.3 on). */
const CREDENTIAL_FLAGS = new Set(['token', 'consul-token', 'consul-auth', 'vault-token', 'consul-client-key', 'vault-client-key', 'client-key']);

/** Why a value looks secret, from the shared rule that found it. */
interface SecretHit {
  reason: string;
  /** "hvs…": enough to recognise the value, never to use it. */
  masked: string;
}

const RULE_REASONS: Record<string, string> = {
  'env-deny-list': 'a variable on Nomad\'s deny list',
  'vault-token': 'Vault token',
  'github-token': 'GitHub token',
  'aws-access-key-id': 'AWS access key id',
  'slack-token': 'Slack token',
  'stripe-key': 'Stripe key',
  'gitlab-token': 'GitLab token',
  jwt: 'JSON web token',
  'private-key': 'private key',
  'url-credentials': 'password inside a URL',
  'bearer-token': 'bearer token',
  'basic-auth': 'HTTP basic auth',
  'key-value': 'a value under a secret-looking name',
  'flag-value': 'the value of a secret-looking flag',
};

function reasonOf(rule: string): string {
  return RULE_REASONS[rule] ?? (rule.startsWith('name:') ? 'secret-looking name' : rule);
}

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
      agents.some((a) => a.host?.value.Environment || a.self || a.log || a.exportLog || a.clientMetadata) ||
      !!bundle.cluster.agentSelf || !!bundle.cluster.cliFlags || !!bundle.cluster.events || (bundle.manifest?.value.redactions.length ?? 0) > 0;
    if (!hasData) return { notEvaluated: 'no agent-host environment, agent-self, node metadata, logs, cli-flags, event stream or redaction records in the bundle' };

    const leaks: Leak[] = [];
    for (const a of agents) leaks.push(...envLeaks(bundle, a), ...selfLeaks(a.self, a.id, agentLabel(bundle, a)), ...metaLeaks(bundle, a), ...logLeaks(a));
    // cluster/agent-self.json is the -address agent's: when that member's own folder was read, it is the same configuration
    const addressMember = bundle.cluster.agentSelf?.value.member?.Name;
    const readTwice = !!addressMember && agents.some((a) => a.id === addressMember && a.self);
    if (!readTwice) leaks.push(...selfLeaks(bundle.cluster.agentSelf, 'cluster', 'the agent at -address'));
    leaks.push(...cliFlagLeaks(bundle), ...eventLeaks(bundle));

    // one finding per place: the environment of one agent holding eight secrets is one cause, named variable by variable
    const out: Finding[] = [...groupBy(leaks, (l) => `${l.subject}\u0000${l.where.replace(/ line \d+\)$/, ')')}`).values()].map(leakFinding);
    out.push(...exposedByNomad(bundle), ...redactedListings(bundle));
    return out;
  },
};

const SHARE = 'Anyone who gets this bundle can read it: do not share the bundle as is, treat the credential as exposed and rotate it. ' +
  'Our collector redacts these by default; re-collect without -no-redact, or remove the value before sharing.';

function leakFinding(ls: Leak[]): Finding {
  const l = ls[0]!;
  if (ls.length === 1) {
    return finding(ID, 'critical', l.subject, `${l.name} looks like a secret in ${l.where}`,
      `${l.name} in ${l.where} holds a value that looks like a secret (${l.hit.reason}; value starts ${l.hit.masked}) and was not redacted. ${SHARE}`, [l.ev]);
  }
  const where = l.where.replace(/ line \d+\)$/, ')').replace(/ \(cluster\/eventstream\.json\)$/, '');
  const names = [...new Set(ls.map((x) => x.name))];
  return finding(ID, 'critical', l.subject, `${names.length} values look like secrets in ${where}: ${listSome(names, 12)}`,
    `Not redacted in ${where}: ${listSome(ls.map((x) => `${x.name} (${x.hit.reason}; value starts ${x.hit.masked})`), 20)}. ${SHARE}`,
    ls.slice(0, 8).map((x) => x.ev));
}

function envLeaks(bundle: Bundle, a: AgentData): Leak[] {
  const env = a.host?.value.Environment;
  if (!env) return [];
  const out: Leak[] = [];
  for (const [name, value] of Object.entries(env)) {
    const v = judgeField(name, 'env', value);
    if (v.kind !== 'secret') continue;
    const s = v.spans[0]!;
    out.push({ subject: a.id, where: `the environment of ${agentLabel(bundle, a)}`, name,
      hit: { reason: reasonOf(s.rule), masked: mask(value.slice(s.start, s.end)) },
      ev: evidence(a.host!.file, pointer('HostData', 'Environment', name)) });
  }
  return out;
}

/** What still looks secret in a JSON value of `file`, its evidence pointing below `at`. */
function jsonLeaks(value: Json, file: string, at: string[], subject: string, where: string): Leak[] {
  return findSecretsInJson(value).map((f) => ({
    subject, where, name: f.path, hit: { reason: reasonOf(f.rule), masked: f.masked }, ev: evidence(file, pointer(...at, ...f.keys)),
  }));
}

function selfLeaks(self: AgentData['self'], subject: string, label: string): Leak[] {
  const config = self?.value.config;
  if (!self || !config) return [];
  return jsonLeaks(config, self.file, ['config'], subject, `the agent configuration of ${label}`);
}

/** Node meta an operator set (client-metadata.json): credentials are put there too. */
function metaLeaks(bundle: Bundle, a: AgentData): Leak[] {
  const meta = a.clientMetadata;
  return meta ? jsonLeaks(meta.value, meta.file, [], a.id, `the node metadata of ${agentLabel(bundle, a)}`) : [];
}

/** monitor.log and monitor_export.log, each read whole: a secret anywhere counts. */
function logLeaks(a: AgentData): Leak[] {
  const out: Leak[] = [];
  const seen = new Set<string>();
  for (const log of [a.log, a.exportLog]) {
    if (!log) continue;
    for (const e of log.entries) {
      const text = `${e.message} ${e.fields ?? ''}`;
      const hits = findSecretsInText(text).map((h) => ({ name: h.name ?? 'log line', hit: { reason: reasonOf(h.rule), masked: h.masked } }));
      for (const h of hits) {
        const key = `${h.name}|${h.hit.reason}`;
        if (seen.has(key)) continue; // one finding per variable and kind per agent
        seen.add(key);
        out.push({ subject: a.id, where: `${log.file} line ${e.line}`, name: h.name, hit: h.hit, ev: evidence(log.file, undefined, e.line) });
      }
    }
  }
  return out;
}

/** Job, allocation, variable... payloads of the event stream: one finding per name and kind of secret. */
function eventLeaks(bundle: Bundle): Leak[] {
  const es = bundle.cluster.events;
  if (!es) return [];
  const out: Leak[] = [];
  const seen = new Set<string>();
  for (const s of es.secrets) {
    const key = `${s.name}|${s.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ subject: 'cluster', where: `the event stream (${es.file} line ${s.line})`, name: s.name || 'a payload value',
      hit: { reason: reasonOf(s.rule), masked: s.masked }, ev: evidence(es.file, pointer(...s.keys), s.line) });
  }
  return out;
}

function cliFlagLeaks(bundle: Bundle): Leak[] {
  const cf = bundle.cluster.cliFlags;
  if (!cf) return [];
  const out: Leak[] = [];
  const seen = new Set<string>();
  for (const f of findSecretsInJson(cf.value)) {
    // "-token=abc" in Args: the name is the flag's
    const flag = (/^--?([\w-]+)=/.exec(f.name)?.[1] ?? f.name) || 'Args';
    const credential = CREDENTIAL_FLAGS.has(flag) && !/key$/.test(flag);
    const hit = credential ? { reason: `the -${flag} flag (written in clear by Nomad before 2.0.3)`, masked: f.masked } : { reason: reasonOf(f.rule), masked: f.masked };
    if (seen.has(flag)) continue;
    seen.add(flag);
    out.push({ subject: 'cluster', where: cf.file, name: `-${flag}`, hit, ev: evidence(cf.file, pointer(...f.keys)) });
  }
  return out;
}

/**
 * Values our collector had to redact are values Nomad served in clear: to any token with
 * agent:read, and into `nomad operator debug` bundles. One warning per agent; the -address
 * agent's cluster/agent-self.json counts for that member, so it is not reported twice.
 */
function exposedByNomad(bundle: Bundle): Finding[] {
  const selfMember = bundle.cluster.agentSelf?.value.member?.Name;
  const bySubject = new Map<string, { label: string; names: Set<string>; files: Set<string> }>();
  for (const r of bundle.manifest?.value.redactions ?? []) {
    if (r.rule === 'nomad') continue;
    let who = agentOfPath(r.path);
    if (!who && r.path === bundle.cluster.agentSelf?.file && selfMember) who = { kind: 'server', id: selfMember };
    if (!who || /^line \d+$/.test(r.field)) continue; // log lines carry request data, not the agent's own secrets
    let s = bySubject.get(who.id);
    if (!s) bySubject.set(who.id, (s = { label: agentLabel(bundle, who), names: new Set(), files: new Set() }));
    s.names.add(redactedName(r.field, r.path));
    s.files.add(r.path);
  }
  const WHY = '/v1/agent/host (environment) and /v1/agent/self (configuration) return them ' +
    'to any token with agent:read, and `nomad operator debug` writes them into its bundles as they are. nomad-debug redacted them ' +
    'before writing this bundle, so the values are not here. Move them out of the agent\'s environment and configuration (Vault, ' +
    'Nomad Variables, a file the agent reads), and rotate any that were in a bundle shared before.';
  const exposed = [...bySubject].map(([subject, s]) => ({ subject, label: s.label, names: [...s.names].sort(), files: [...s.files] }));
  if (exposed.length === 1) {
    const { subject, label, names, files } = exposed[0]!;
    return [finding(ID, 'warning', subject, `Nomad serves ${names.length} secret${names.length === 1 ? '' : 's'} of ${label} in clear: ${listSome(names, 4)}`,
      `Nomad's own redaction missed ${listSome(names, 40)}: ${WHY}`, files.slice(0, 5).map((f) => evidence(f)))];
  }
  if (exposed.length === 0) return [];
  // One cause, however many agents: secrets in agents' environment or configuration that Nomad does not redact.
  exposed.sort((x, y) => y.names.length - x.names.length || x.label.localeCompare(y.label));
  const f = finding(ID, 'warning', 'cluster', `Nomad serves secrets of ${exposed.length} agents in clear: ${listSome(exposed.map((e) => `${e.label} (${e.names.length})`), 4)}`,
    `Nomad's own redaction missed ${exposed.slice(0, 20).map((e) => `${e.label}: ${listSome(e.names, 12)}`).join('; ')}` +
      `${exposed.length > 20 ? `; and ${exposed.length - 20} more agents` : ''}. ${WHY}`,
    exposed.flatMap((e) => e.files.slice(0, 2)).slice(0, 10).map((file) => evidence(file)));
  f.subjects = exposed.map((e) => e.subject);
  return [f];
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
  for (const r of bundle.manifest?.value.redactions ?? []) {
    const who = agentOfPath(r.path);
    const subject = who?.id ?? 'cluster';
    const label = who ? agentLabel(bundle, who) : 'cluster files';
    const name = redactedName(r.field, r.path);
    ours.add(`${r.path}|${name}`);
    add(subject, label, name, r.rule === 'nomad' ? 'Nomad' : `nomad-debug (${r.rule})`, r.path);
  }
  for (const a of allAgents(bundle)) {
    const env = a.host?.value.Environment;
    if (!env) continue;
    for (const [name, value] of Object.entries(env)) {
      if (value === '<redacted>' && !ours.has(`${a.host!.file}|${name}`)) {
        add(a.id, agentLabel(bundle, a), name, nomadRedactsEnv(name) ? 'Nomad' : 'before collection', a.host!.file);
      }
    }
  }
  const listed = [...bySubject].map(([subject, s]) => ({
    subject, ...s,
    names: [...s.names].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, by]) => `${n} (${[...by].join(', ')})`),
  }));
  const why = 'The values are not in the bundle; the names tell which credentials the agents run with, in case they need ' +
    'rotating or moving to a secrets store.';
  const values = (n: number) => `${n} value${n === 1 ? '' : 's'}`;
  // the same names redacted on many agents (a token every client runs with) are one finding
  const groups = oneFindingPerCause(listed, (l) => l.names.join('\u0000'), (l) => l.subject,
    (l) => finding(ID, 'info', l.subject, `${values(l.names.length)} redacted for ${l.label}`,
      `Redacted before the bundle was written: ${listSome(l.names, 40)}. ${why}`, [...l.files].slice(0, 5).map((f) => evidence(f))),
    (ls) => finding(ID, 'info', 'cluster', `${values(ls[0]!.names.length)} redacted on each of ${ls.length} agents`,
      `Redacted before the bundle was written, on ${listSome(ls.map((l) => l.label), 10)}: ${listSome(ls[0]!.names, 40)}. ${why}`,
      ls.slice(0, 5).flatMap((l) => [...l.files].slice(0, 1)).map((f) => evidence(f))));
  if (groups.length <= 1) return groups;
  // several listings are still one piece of inventory: one finding, each listing a sentence of it (the Secrets section has the audit)
  const total = listed.reduce((n, l) => n + l.names.length, 0);
  return [{
    ...finding(ID, 'info', 'cluster', `${values(total)} redacted across ${plural(listed.length, 'agent or file group', 'agents and file groups')}`,
      groups.map((g) => `${g.title}: ${g.detail.replace(/^Redacted before the bundle was written(, on [^:]+)?: /, '').replace(` ${why}`, '')}`).join(' ') + ` ${why}`,
      groups.flatMap((g) => g.evidence.slice(0, 1)).slice(0, 8)),
    subjects: groups.flatMap((g) => g.subjects ?? [g.subject]),
  }];
}


/** "HostData.Environment.DB_PASSWORD" → "DB_PASSWORD"; "config.Consuls.0.Token" → "Consuls.0.Token"; "line 12" → "monitor.log line 12". */
function redactedName(field: string, path: string): string {
  if (/^line \d+$/.test(field)) return `${path.split('/').pop()} ${field}`;
  const env = /Environment\.(.+)$/.exec(field);
  if (env) return env[1]!;
  return field.replace(/^(HostData|config)\./, '') || field;
}

