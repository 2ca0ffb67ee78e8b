// Scheduler workers per server (agent/schedulers and its config) and the cluster's
// scheduler configuration from the latest interval.
import type { Bundle } from '../../model/types.ts';
import { capped, LIMITS } from '../limits.ts';
import type { Fact, SchedulerRow, SchedulersView } from '../view-types.ts';
import { absent, ok, type ReportContext } from './context.ts';

export function buildSchedulers(ctx: ReportContext): SchedulersView {
  const rows: SchedulerRow[] = [];
  for (const a of ctx.bundle.servers) {
    const s = a.schedulers;
    const conf = a.schedulersConfig;
    if (!s && !conf) continue;
    const workers = s?.value.schedulers ?? [];
    const status = (w: (typeof workers)[number]) => (w.status ?? '').toLowerCase();
    const running = workers.filter((w) => ['started', 'running'].includes(status(w))).length;
    const paused = workers.filter((w) => status(w) === 'paused').length;
    const enabled = [...new Set(workers.flatMap((w) => w.enabled_schedulers ?? []))].filter(Boolean);
    const configured = conf?.value.num_schedulers;
    rows.push({
      server: a.id,
      workers: String(workers.length),
      running,
      paused,
      other: workers.length - running - paused,
      enabled: enabled.join(', '),
      configured: configured === undefined ? '' : `${configured} (${(conf!.value.enabled_schedulers ?? []).join(', ')})`,
      cls: workers.length === 0 || running === 0 ? 'bad' : paused ? 'warn' : 'ok',
      file: (s ?? conf)!.file,
    });
  }
  const { config, file } = clusterConfig(ctx.bundle);
  if (rows.length === 0 && config.length === 0) {
    return { ...absent('no schedulers.json per server and no operator-scheduler snapshot'), rows: [], more: 0, config: [], configFile: null };
  }
  const { rows: shown, more } = capped(rows, LIMITS.schedulers);
  return { ...ok(), rows: shown, more, config, configFile: file };
}

/** The newest interval's scheduler configuration that says anything. */
function clusterConfig(bundle: Bundle): { config: Fact[]; file: string | null } {
  for (let k = bundle.intervals.length - 1; k >= 0; k--) {
    const src = bundle.intervals[k]!.operatorScheduler;
    const sc = src?.value.SchedulerConfig;
    if (!src || !sc || Object.keys(sc).length === 0) continue;
    const shown = (v: string | boolean | undefined) => (v === undefined ? '–' : String(v));
    const flag = (v: boolean | undefined): Fact['cls'] => (v === true ? 'bad' : '');
    const config: Fact[] = [
      { label: 'Algorithm', value: shown(sc.SchedulerAlgorithm), cls: '' },
      { label: 'Eval broker paused', value: shown(sc.PauseEvalBroker), cls: flag(sc.PauseEvalBroker) },
      { label: 'Job registration rejected', value: shown(sc.RejectJobRegistration), cls: flag(sc.RejectJobRegistration) },
      { label: 'Memory oversubscription', value: shown(sc.MemoryOversubscriptionEnabled), cls: '' },
    ];
    return { config, file: src.file };
  }
  return { config: [], file: null };
}
