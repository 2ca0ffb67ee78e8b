// Scheduler workers per server (agent/schedulers and its config) and the cluster's
// scheduler configuration from the latest interval.
import { capped, LIMITS } from '../limits.ts';
import { list, num, rec, recs, text } from '../safe.ts';
import type { Fact, SchedulerRow, SchedulersView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';

export function buildSchedulers(ctx: ReportContext): SchedulersView {
  const rows: SchedulerRow[] = [];
  for (const a of list(ctx.bundle?.servers).map(rec)) {
    const s = rec(a['schedulers']);
    const c = rec(rec(a['schedulersConfig'])['value']);
    const workers = recs(rec(s['value'])['schedulers']);
    if (!s['value'] && !a['schedulersConfig']) continue;
    const status = (w: Record<string, unknown>) => text(w['status']).toLowerCase();
    const running = workers.filter((w) => ['started', 'running'].includes(status(w))).length;
    const paused = workers.filter((w) => status(w) === 'paused').length;
    const enabled = [...new Set(workers.flatMap((w) => list(w['enabled_schedulers']).map((x) => text(x))))].filter(Boolean);
    const configured = num(c['num_schedulers']);
    rows.push({
      server: text(a['id']),
      workers: String(workers.length),
      running,
      paused,
      other: workers.length - running - paused,
      enabled: enabled.join(', '),
      configured: configured === null ? '' : `${configured} (${list(c['enabled_schedulers']).map((x) => text(x)).join(', ')})`,
      cls: workers.length === 0 || running === 0 ? 'bad' : paused ? 'warn' : 'ok',
      file: text(s['file']) || text(rec(a['schedulersConfig'])['file']),
    });
  }
  const { config, file } = clusterConfig(ctx);
  if (rows.length === 0 && config.length === 0) {
    return { ...absent('no schedulers.json per server and no operator-scheduler snapshot'), rows: [], more: 0, config: [], configFile: null };
  }
  const { rows: shown, more } = capped(rows, LIMITS.schedulers);
  return { ...ok(), rows: shown, more, config, configFile: file };
}

function clusterConfig(ctx: ReportContext): { config: Fact[]; file: string | null } {
  const ivs = list(ctx.bundle?.intervals).map(rec);
  for (let k = ivs.length - 1; k >= 0; k--) {
    const src = rec(ivs[k]!['operatorScheduler']);
    const sc = rec(rec(src['value'])['SchedulerConfig']);
    if (Object.keys(sc).length === 0) continue;
    const flag = (v: unknown, bad: boolean): Fact['cls'] => (v === true && bad ? 'bad' : '');
    const config: Fact[] = [
      { label: 'Algorithm', value: text(sc['SchedulerAlgorithm'], '–'), cls: '' },
      { label: 'Eval broker paused', value: text(sc['PauseEvalBroker'], '–'), cls: flag(sc['PauseEvalBroker'], true) },
      { label: 'Job registration rejected', value: text(sc['RejectJobRegistration'], '–'), cls: flag(sc['RejectJobRegistration'], true) },
      { label: 'Memory oversubscription', value: text(sc['MemoryOversubscriptionEnabled'], '–'), cls: '' },
    ];
    return { config, file: text(src['file']) || null };
  }
  return { config: [], file: null };
}
