// Task states of an allocation as the client reports them: the event list a task goes
// through (received, set up, started, and for finished tasks terminated).

export type ClientStatus = 'running' | 'complete' | 'failed' | 'lost';

function event(type: string, timeNs: number, display: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // TaskEvent, in Go struct order.
  return {
    Type: type, Time: timeNs, Message: '', DisplayMessage: display, Details: extra['Details'] ?? {}, FailsTask: extra['FailsTask'] ?? false,
    RestartReason: '', SetupError: '', DriverError: '', ExitCode: extra['ExitCode'] ?? 0, Signal: 0, KillTimeout: 0, KillError: '',
    KillReason: '', StartDelay: 0, DownloadError: '', ValidationError: '', DiskLimit: 0, FailedSibling: '', VaultError: '',
    TaskSignalReason: '', TaskSignal: '', DriverMessage: '', GenericSource: '',
  };
}

const rfc3339 = (ns: number) => new Date(Math.floor(ns / 1e6)).toISOString();

/** What a task OOM-killed by the docker driver leaves (drivers/docker handleWait, client/allocrunner/taskrunner restarts). */
function crashEvents(startedNs: number, restarts: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let r = 0, at = startedNs; r < restarts; r++) {
    at += 95_000_000_000;
    out.push(event('Terminated', at, 'Exit Code: 137, Exit Message: "OOM Killed"', { Details: { exit_code: '137', signal: '0', oom_killed: 'true', exit_message: 'OOM Killed' }, ExitCode: 137 }));
    out.push(event('Restarting', at + 1_000_000, 'Task restarting in 16.8s', { Details: { restart_reason: 'Restart within policy', start_delay: '16800000000' } }));
    out.push(event('Started', at + 17_000_000_000, 'Task started by client'));
    at += 17_000_000_000;
  }
  return out;
}

export function taskStates(tasks: string[], status: ClientStatus, createNs: number, crashLoop?: { restarts: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  tasks.forEach((t, i) => {
    const received = createNs + 4_000_000 + i * 1_000_000;
    const started = received + 2_100_000_000;
    const finished = started + 47_000_000_000;
    const events = [
      event('Received', received, 'Task received by client'),
      event('Task Setup', received + 1_500_000, 'Building Task Directory', { Details: { message: 'Building Task Directory' } }),
      event('Driver', received + 3_000_000, 'Downloading image', { Details: { image: 'pulling' } }),
      event('Started', started, 'Task started by client'),
    ];
    const finishedNow = status === 'complete' || status === 'failed';
    if (finishedNow) {
      const code = status === 'failed' ? 1 : 0;
      events.push(event('Terminated', finished, `Exit Code: ${code}`, { Details: { exit_code: String(code), signal: '0', oom_killed: 'false' }, ExitCode: code }));
      if (status === 'failed') events.push(event('Not Restarting', finished + 1_000_000, 'Exceeded allowed attempts 0 in interval 24h0m0s and mode is "fail"', { FailsTask: true, Details: { fails_task: 'true' } }));
    }
    if (status === 'lost') events.push(event('Killing', started + 60_000_000_000, 'Sent interrupt. Waiting 5s before force killing'));
    const crashes = status === 'running' && crashLoop ? crashEvents(started, crashLoop.restarts) : [];
    events.push(...crashes);
    const lastRestart = crashes.filter((e) => e['Type'] === 'Restarting').at(-1);
    // TaskState, in Go struct order.
    out[t] = {
      State: finishedNow || status === 'lost' ? 'dead' : 'running',
      Failed: status === 'failed',
      Restarts: crashLoop && status === 'running' ? crashLoop.restarts : 0,
      LastRestart: lastRestart ? rfc3339(lastRestart['Time'] as number) : null,
      StartedAt: rfc3339(started),
      FinishedAt: finishedNow ? rfc3339(finished) : null,
      Events: events,
      TaskHandle: null,
    };
  });
  return out;
}
