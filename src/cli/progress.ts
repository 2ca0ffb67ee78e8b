// Renders the collector's progress events on stderr: a live status line on a TTY, plain lines
// otherwise, NDJSON with -json. The collector itself never prints.
import { clearLine, cursorTo } from 'node:readline';
import type { DoneEvent, ProgressEvent, Reporter } from '../collect/progress.ts';
import { formatDuration } from '../shared/duration.ts';
import { visibleText } from '../shared/visible-text.ts';
import { agentGapLines } from './agent-gaps.ts';

export type ProgressMode = 'tty' | 'plain' | 'json' | 'none';

export interface ProgressRenderer {
  reporter: Reporter;
  /** Ends the live line and prints the end summary; `completed` false (the run failed or was stopped) leaves out the capture summary. */
  finish(completed?: boolean): void;
}

/** Failed captures shown as they happen; past that, a sick cluster of thousands would scroll them by the thousand. */
export const FAILURE_LINES = 20;

interface Tally {
  startedAt: number;
  durationMs: number;
  agentsTotal: number;
  agentsDone: number;
  ok: number;
  failed: number;
  skipped: number;
  failuresByCode: Map<string, number>;
}

export function pickMode(stream: NodeJS.WriteStream, env: Record<string, string | undefined>, json: boolean): ProgressMode {
  if (json) return 'json';
  return stream.isTTY && !env.CI && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export function createProgress(mode: ProgressMode, out: NodeJS.WritableStream, now: () => number = Date.now): ProgressRenderer {
  const t: Tally = {
    startedAt: now(),
    durationMs: 0,
    agentsTotal: 0,
    agentsDone: 0,
    ok: 0,
    failed: 0,
    skipped: 0,
    failuresByCode: new Map(),
  };
  // everything shown comes from the cluster in part: no control character reaches the terminal raw
  const write = (line: string) => out.write(visibleText(line) + '\n');
  let done: DoneEvent | undefined;
  let live: NodeJS.Timeout | undefined;
  let lastHeartbeat = now();
  // Lines before the plan wait for it: a cluster that cannot be asked at all ends the run with
  // one error line, which would only repeat them ("Collecting from", "plan…", its failed capture).
  let planned = false;
  const pending: string[] = [];

  const statusLine = () => {
    if (!planned) return 'asking the cluster for its members and nodes…';
    const elapsed = now() - t.startedAt;
    const left = Math.max(0, t.durationMs - elapsed);
    return (
      `agents ${t.agentsDone}/${t.agentsTotal} done · captures ${t.ok} ok, ${t.failed} failed` +
      (t.skipped ? `, ${t.skipped} skipped` : '') +
      ` · ${left > 0 ? formatDuration(Math.ceil(left / 1000) * 1000) + ' left' : 'finishing'}`
    );
  };
  const redraw = () => {
    const tty = out as NodeJS.WriteStream;
    cursorTo(tty, 0);
    clearLine(tty, 0);
    tty.write(statusLine().slice(0, (tty.columns || 100) - 1));
  };
  const above = (line: string) => {
    if (!planned) {
      pending.push(line);
      if (mode === 'tty') redraw();
      return;
    }
    if (mode === 'tty') {
      const tty = out as NodeJS.WriteStream;
      cursorTo(tty, 0);
      clearLine(tty, 0);
    }
    write(line);
    if (mode === 'tty') redraw();
  };

  const reporter: Reporter = (e: ProgressEvent) => {
    if (mode === 'none') return;
    if (mode === 'json') {
      write(JSON.stringify({ ...e, at: new Date(now()).toISOString() }));
      return;
    }
    switch (e.type) {
      case 'start':
        above(`Collecting from ${e.address}${e.region ? ` (region ${e.region})` : ''}`);
        break;
      case 'plan':
        // the totals first: the held lines redraw the status line, which must not say 0/0
        t.durationMs = e.durationMs;
        t.agentsTotal = e.servers.length + e.clients.length;
        planned = true;
        for (const line of pending.splice(0)) above(line);
        above(`Servers: (${e.servers.length}/${e.membersTotal}) ${e.servers.join(' ')}`);
        above(`Clients: (${e.clients.length}/${e.nodesTotal}) ${e.clients.slice(0, 20).join(' ')}${e.clients.length > 20 ? ` … ${e.clients.length - 20} more` : ''}`);
        for (const s of e.skipped) above(`Skipped ${s.id}: ${s.reason}`);
        if (mode === 'tty') live = setInterval(redraw, 100);
        break;
      case 'capture': {
        const r = e.record;
        if (r.status === 'ok') t.ok++;
        else if (r.status === 'skipped') t.skipped++;
        else {
          t.failed++;
          t.failuresByCode.set(r.code, (t.failuresByCode.get(r.code) ?? 0) + 1);
          if (t.failed <= FAILURE_LINES) above(`  ${r.status}: ${r.target} ${r.endpoint}: ${r.code}${r.error ? ` (${r.error})` : ''}`);
          else if (t.failed === FAILURE_LINES + 1) above('  … more failures: counted on the status line, listed by agent at the end');
        }
        if (mode === 'plain' && now() - lastHeartbeat >= 10_000) {
          lastHeartbeat = now();
          write(statusLine());
        }
        break;
      }
      case 'agent-done':
        t.agentsDone++;
        break;
      case 'phase':
        if (mode === 'plain' && e.name !== 'plan') write(`${e.name}…`);
        break;
      case 'warning':
        above(`Warning: ${e.message}`);
        break;
      case 'interrupted':
        above('Interrupted: finishing a partial bundle (press Ctrl-C again to stop at once)');
        break;
      case 'done':
        done = e;
        break;
    }
  };

  return {
    reporter,
    finish(completed = true) {
      if (live) clearInterval(live);
      if (mode === 'tty') {
        cursorTo(out as NodeJS.WriteStream, 0);
        clearLine(out as NodeJS.WriteStream, 0);
      }
      if (completed && (mode === 'tty' || mode === 'plain')) {
        for (const line of pending.splice(0)) write(line);
        const codes = [...t.failuresByCode].map(([c, n]) => `${c}×${n}`).join(', ');
        write(
          `Captured ${t.ok} files in ${formatDuration(Math.round((now() - t.startedAt) / 100) * 100)}; ` +
            `${t.failed} failed${codes ? ` (${codes})` : ''}${t.skipped ? `, ${t.skipped} skipped` : ''}`,
        );
        if (done) for (const line of agentGapLines(done.agents)) write(line);
      }
    },
  };
}
