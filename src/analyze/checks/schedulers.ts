// Scheduler workers: a server whose workers are all paused (it schedules nothing), a server
// with no workers or no enabled schedulers, and the cluster-wide scheduler configuration.
import type { AgentData } from '../../model/types.ts';
import type { Check, Finding } from '../types.ts';
import { evidence, finding, pointer } from '../finding.ts';
import { latest } from '../../model/facts.ts';

const ID = 'schedulers';

export const check: Check = {
  id: ID,
  title: 'Scheduler workers',
  run(bundle) {
    const withData = bundle.servers.filter((s) => s.schedulers || s.schedulersConfig);
    const confIv = latest(bundle, (i) => i.operatorScheduler);
    if (withData.length === 0 && !confIv) {
      return { notEvaluated: 'no schedulers.json per server and no operator-scheduler.json (older bundle, or the captures failed)' };
    }
    const out: Finding[] = [];
    for (const server of withData) out.push(...workerFindings(server));
    const conf = confIv?.operatorScheduler;
    const sc = conf?.value.SchedulerConfig;
    if (conf && sc) {
      if (sc.PauseEvalBroker === true) {
        out.push(finding(ID, 'critical', 'cluster', 'The eval broker is paused',
          'The scheduler configuration has PauseEvalBroker=true: no evaluation is processed anywhere, so no job is placed or rescheduled. ' +
          'Unpause it with `nomad operator scheduler set-config -pause-eval-broker=false` unless this is deliberate maintenance.',
          [evidence(conf.file, '/SchedulerConfig/PauseEvalBroker')]));
      }
      if (sc.RejectJobRegistration === true) {
        out.push(finding(ID, 'warning', 'cluster', 'Job registration is rejected',
          'The scheduler configuration has RejectJobRegistration=true: every job register, update or dispatch from non-management tokens is refused. ' +
          'Turn it off with `nomad operator scheduler set-config -reject-job-registration=false` when the maintenance is over.',
          [evidence(conf.file, '/SchedulerConfig/RejectJobRegistration')]));
      }
    }
    return out;
  },
};

function workerFindings(server: AgentData): Finding[] {
  const out: Finding[] = [];
  const s = server.schedulers;
  const workers = s?.value.schedulers;
  const conf = server.schedulersConfig;
  if (workers && workers.length > 0) {
    const paused = workers.filter((w) => /^paus/i.test(w.status ?? '') || /^paused$/i.test(w.workload_status ?? ''));
    if (paused.length === workers.length) {
      out.push(finding(ID, 'critical', server.id, `All scheduler workers on ${server.id} are paused`,
        `All ${workers.length} scheduler workers on ${server.id} are paused, so this server schedules nothing. If it becomes leader ` +
        'or gets evaluations, they wait. Resume them with `PUT /v1/agent/schedulers/config` on this agent ' +
        '(num_schedulers > 0), or restart the agent.',
        [evidence(s!.file, pointer('schedulers', 0, 'status'))]));
      return out;
    }
    const noneEnabled = workers.every((w) => !w.enabled_schedulers?.length);
    if (noneEnabled) {
      out.push(finding(ID, 'critical', server.id, `No scheduler enabled on ${server.id}`,
        `The ${workers.length} workers on ${server.id} have no enabled schedulers, so they take no evaluations. ` +
        'Check `enabled_schedulers` in the server configuration.', [evidence(s!.file, pointer('schedulers', 0, 'enabled_schedulers'))]));
    } else if (paused.length > 0) {
      out.push(finding(ID, 'info', server.id, `${paused.length} of ${workers.length} scheduler workers paused on ${server.id}`,
        'Some workers are paused. Nomad pauses workers on the leader to leave room for leadership work; elsewhere this lowers scheduling throughput.',
        [evidence(s!.file, '/schedulers')]));
    }
    return out;
  }
  if (workers && workers.length === 0) {
    out.push(finding(ID, 'critical', server.id, `${server.id} runs no scheduler workers`,
      `${server.id} reports no scheduler workers, so it schedules nothing. Check num_schedulers in its server configuration.`,
      [evidence(s!.file, '/schedulers')]));
    return out;
  }
  if (conf) {
    if (conf.value.num_schedulers === 0) {
      out.push(finding(ID, 'critical', server.id, `${server.id} is configured with 0 schedulers`,
        `num_schedulers is 0 on ${server.id}, so it schedules nothing.`, [evidence(conf.file, '/num_schedulers')]));
    } else if (conf.value.enabled_schedulers?.length === 0) {
      out.push(finding(ID, 'critical', server.id, `No scheduler enabled on ${server.id}`,
        `enabled_schedulers is empty on ${server.id}, so its workers take no evaluations.`, [evidence(conf.file, '/enabled_schedulers')]));
    }
  }
  return out;
}
