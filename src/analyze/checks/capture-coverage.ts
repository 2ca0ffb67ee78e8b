// Capture coverage: what was selected versus what arrived, and why. From the manifest when
// there is one (ours); for Nomad's bundles, inferred from the files present per agent.
import type { Bundle, Manifest } from '../../model/types.ts';
import { aclHint, endpointKind, isAnswerNotFailure } from '../acl-hints.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { agentLabel } from '../names.ts';
import { plural } from '../text.ts';
import { allAgents } from '../../model/facts.ts';
import { groupBy } from '../../shared/group-by.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'capture-coverage';

export const check: Check = {
  id: ID,
  title: 'Capture coverage',
  run(bundle) {
    const m = bundle.manifest?.value;
    if (!m && allAgents(bundle).length === 0 && bundle.intervals.length === 0 && bundle.gaps.length === 0) {
      return { notEvaluated: 'the bundle has no manifest, no agent folders and no interval snapshots' };
    }
    const { out, failures } = m ? fromManifest(bundle, m, bundle.manifest!.file) : { out: inferred(bundle), failures: undefined };
    const [missing, ...more] = gaps(bundle);
    // The files that hold an error are mostly the failed captures themselves: one finding says both.
    if (missing && failures) {
      failures.title += `; ${missing.title}`;
      failures.detail += ` ${missing.detail}`;
      failures.evidence.push(...missing.evidence);
    } else if (missing) out.push(missing);
    out.push(...more);
    return out;
  },
};

/** What would have included the skipped agents, by the reasons the collector gave (select.ts); nothing when no flag would. */
function skippedHint(reasons: string[]): string {
  const hints: string[] = [];
  if (reasons.some((r) => r.startsWith('max-nodes'))) hints.push('-max-nodes 0 includes every node');
  if (reasons.some((r) => r === 'no node matches')) hints.push('check the -node-id prefixes and -node-class');
  if (reasons.some((r) => r === 'no server matches' || r.startsWith('server in another region'))) hints.push('check the -server-id prefixes and -region');
  return hints.length ? ` To include them: ${hints.join('; ')}.` : '';
}

/** The manifest's findings, and among them the one counting failed captures (when any failed). */
function fromManifest(bundle: Bundle, m: Manifest, file: string): { out: Finding[]; failures?: Finding } {
  const out: Finding[] = [];
  let failures: Finding | undefined;
  if (m.interrupted) {
    out.push(finding(ID, 'warning', 'cluster', 'The collection was interrupted',
      'The collector was stopped before the planned duration ended, so intervals, logs and profiles cover less time than asked.',
      [evidence(file, '/interrupted')]));
  }
  const skipped = m.targets.skipped;
  if (skipped.length) {
    const reasons = groupBy(skipped, (s) => s.reason);
    out.push(finding(ID, 'info', 'cluster', `${plural(skipped.length, 'agent')} not collected`,
      `Left out of the bundle: ${[...reasons].map(([r, list]) => `${listSome(list.map((s) => s.id), 5)} (${r})`).join('; ')}.${skippedHint([...reasons.keys()])}`,
      [evidence(file, '/targets/skipped')]));
  }
  const selected = [
    ...m.targets.servers.map((t) => ({ kind: 'server' as const, id: t.id })),
    ...m.targets.clients.map((t) => ({ kind: 'client' as const, id: t.id })),
  ];
  const present = new Set(allAgents(bundle).map((a) => `${a.kind}:${a.id}`));
  const absent = selected.filter((t) => !present.has(`${t.kind}:${t.id}`));
  if (absent.length) {
    out.push(finding(ID, 'info', 'cluster', `${plural(absent.length, 'selected agent')} left no data`,
      `Selected but with no folder in the bundle: ${listSome(absent.map((t) => agentLabel(bundle, t)))}. See the agent-health findings for why.`,
      [evidence(file, '/targets')]));
  }
  const captures = m.captures;
  const failed = captures.filter((c) => (c.status === 'failed' || c.status === 'timeout') && !isAnswerNotFailure(c));
  if (captures.length) {
    const byCode = new Map<string, number>();
    for (const c of failed) byCode.set(c.code, (byCode.get(c.code) ?? 0) + 1);
    const codes = [...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ×${n}`);
    const share = failed.length / captures.length;
    const skippedCaptures = captures.filter((c) => c.status === 'skipped').length;
    const summary = finding(ID, share > 0.25 ? 'warning' : 'info', 'cluster',
      failed.length ? `${failed.length} of ${captures.length} captures failed` : skippedCaptures ? `No capture failed (${skippedCaptures} skipped)` : `All ${captures.length} captures arrived`,
      failed.length
        ? `${captures.length - failed.length - skippedCaptures} captures succeeded${skippedCaptures ? `, ${skippedCaptures} were skipped` : ''}; ` +
          `failures by code: ${codes.join(', ')}. ` +
          'Checks that need the missing files say "not evaluated" rather than "pass".'
        : `Every planned capture for ${plural(selected.length, 'agent')} succeeded.`,
      [evidence(file, '/captures')]);
    out.push(summary);
    if (failed.length) failures = summary;
  }
  // Cluster-wide captures refused by ACLs: name the permission.
  const denied = failed.filter((c) => c.target === 'cluster' && c.code === 'HTTP_403');
  if (denied.length) {
    const hints = groupBy(denied, (c) => aclHint(c.endpoint));
    out.push(finding(ID, 'info', 'cluster', `${plural(denied.length, 'cluster capture')} refused (403)`,
      `Permission denied for: ${[...hints].map(([h, cs]) => `${listSome([...new Set(cs.map((c) => endpointKind(c.endpoint)))], 5)} (${h})`).join('; ')}.`,
      denied.slice(0, 5).map((c) => evidence(c.path))));
  }
  return failures ? { out, failures } : { out };
}

/** Nomad's own bundles have no manifest: guess from what each agent folder holds. */
function inferred(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const agents = allAgents(bundle);
  const noHost = agents.filter((a) => !a.host && !a.files.some((f) => f.endsWith('agent-host.json')));
  const noProf = agents.filter((a) => a.profiles.length === 0);
  if (agents.length && noHost.length === agents.length && noProf.length === agents.length) {
    out.push(finding(ID, 'warning', 'cluster', 'No host data and no profiles for any agent',
      'None of the agent folders has agent-host.json or pprof files. Nomad writes neither when it gets 403: with ACLs off the agents run ' +
      'with enable_debug=false (the production default); with ACLs on, the token lacked agent:read (host) and agent:write (pprof). ' +
      'Without them the secrets, disk and profile checks cannot run.',
      agents.slice(0, 5).map((a) => evidence(a.dir))));
  } else {
    if (noHost.length) {
      out.push(finding(ID, 'info', 'cluster', `${plural(noHost.length, 'agent')} without agent-host.json`,
        `Missing for ${listSome(noHost.map((a) => agentLabel(bundle, a)))}: probably 403 (needs agent:read, or enable_debug=true with ACLs off).`,
        noHost.slice(0, 5).map((a) => evidence(a.dir))));
    }
    if (noProf.length) {
      out.push(finding(ID, 'info', 'cluster', `${plural(noProf.length, 'agent')} without pprof files`,
        `Missing for ${listSome(noProf.map((a) => agentLabel(bundle, a)))}: probably 403 (needs agent:write, or enable_debug=true with ACLs off).`,
        noProf.slice(0, 5).map((a) => evidence(a.dir))));
    }
  }
  if (bundle.intervals.length === 0) {
    out.push(finding(ID, 'info', 'cluster', 'No interval snapshots',
      'The bundle has no interval/ folders, so there are no metrics, raft or autopilot snapshots. The collection may have been cut short.', []));
  }
  return out;
}

function gaps(bundle: Bundle): Finding[] {
  if (bundle.gaps.length === 0) return [];
  // One line per file: a file can leave more than one gap (an event stream both cut and misshapen).
  const byFile = groupBy(bundle.gaps, (g) => g.file);
  // the capture's own code says more than ERROR_FILE (the file holds that error); sorted, so any reading order gives the same line
  const firstOf = (list: typeof bundle.gaps) => [...list].sort((x, y) => Number(x.code === 'ERROR_FILE') - Number(y.code === 'ERROR_FILE') || x.code.localeCompare(y.code))[0]!;
  const byCode = groupBy([...byFile.values()].map(firstOf), (g) => g.code);
  const parts = [...byCode].map(([code, list]) => `${code}: ${listSome(list.map((g) => `${g.file} (${truncate(g.reason)})`), 4)}`);
  const out = [finding(ID, 'info', 'cluster', `${plural(byFile.size, 'file')} missing or unreadable`,
    `Files the bundle should hold but does not, or holds as an error: ${parts.join('; ')}.`,
    bundle.gaps.slice(0, 10).map((g) => evidence(g.file)))];
  // Files whose content does not have the shape Nomad writes: what did not fit is not in any check.
  const misshapen = bundle.gaps.filter((g) => g.code === 'WRONG_TYPE' || g.code === 'WRONG_FIELDS');
  if (misshapen.length) {
    out.push(finding(ID, 'warning', 'cluster', `${plural(misshapen.length, 'file')} not in the shape Nomad writes`,
      `${misshapen.slice(0, 4).map((g) => `${g.file} (${truncate(g.reason)})`).join('; ')}${misshapen.length > 4 ? ` and ${misshapen.length - 4} more` : ''}. ` +
      'What did not fit was left out of every check and section, so the report may show fewer members, nodes or servers than the cluster has. ' +
      'A Nomad version this tool does not know can do this; so can a bundle changed by hand.',
      misshapen.slice(0, 10).map((g) => evidence(g.file))));
  }
  // Reading stopped at a cap (entry count, folder size, total bytes) or a file was over its own:
  // what lies past it is unknown, and a check without its file cannot say so itself.
  const cut = bundle.gaps.filter((g) => g.code === 'TOO_MANY' || g.code === 'TOO_LARGE');
  if (cut.length) {
    out.push(finding(ID, 'warning', 'cluster', 'The bundle was read only in part: a reading limit was reached',
      `${cut.slice(0, 5).map((g) => `${g.file || 'the bundle'}: ${truncate(g.reason)}`).join('; ')}${cut.length > 5 ? ` and ${cut.length - 5} more` : ''}. ` +
      'A real bundle stays well inside these limits; this one may be damaged or crafted. Whatever lies past them is not in this report.',
      cut.slice(0, 5).map((g) => evidence(g.file))));
  }
  return out;
}

function truncate(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}
