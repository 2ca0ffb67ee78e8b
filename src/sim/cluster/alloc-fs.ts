// A small virtual allocation directory for the /v1/client/fs endpoints: the shared alloc/ dir
// with task logs, and one dir per task (local/, secrets/ empty, tmp/). Content is deterministic.
import { makeRng } from '../content/rand.ts';
import type { SimCluster } from './types.ts';

export interface AllocFile {
  Name: string;
  IsDir: boolean;
  Size: number;
  FileMode: string;
  ModTime: string;
  /** Path inside the alloc dir, e.g. 'alloc/logs/web.stdout.0'. */
  path: string;
  content?: string;
}

const DIR_MODE = 'drwxrwxrwx';
const FILE_MODE = '-rw-r--r--';

function stdout(task: string, startMs: number, lines: number, seed: string): string {
  const rng = makeRng('stdout', seed, task);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = new Date(startMs + i * rng.int(200, 4000)).toISOString();
    out.push(`${t} INFO ${task}: ${rng.pick(['request served', 'health check ok', 'flushed metrics', 'cache hit ratio 0.9' + rng.int(0, 9), 'worker idle'])} id=${rng.hex(8)}`);
  }
  return out.join('\n') + '\n';
}

function stderr(task: string, startMs: number, failed: boolean): string {
  const t = new Date(startMs + 900).toISOString();
  return failed
    ? `${t} ERROR ${task}: upstream report store returned 503, giving up after 3 attempts\n`
    : `${t} WARN ${task}: config reload skipped: no changes\n`;
}

/** The files of an allocation's directory, dirs included; undefined for an unknown allocation. */
export function allocFs(c: SimCluster, allocId: string): AllocFile[] | undefined {
  const alloc = c.allocations.find((a) => a['ID'] === allocId);
  if (!alloc) return undefined;
  const tasks = Object.keys((alloc['TaskStates'] as Record<string, unknown> | null) ?? {});
  const startMs = Math.floor(Number(alloc['CreateTime']) / 1e6) + 2100;
  const mod = new Date(Math.floor(Number(alloc['ModifyTime']) / 1e6)).toISOString();
  const failed = alloc['ClientStatus'] === 'failed';
  const dir = (path: string): AllocFile => ({ Name: path.slice(path.lastIndexOf('/') + 1), IsDir: true, Size: 4096, FileMode: DIR_MODE, ModTime: mod, path });
  const file = (path: string, content: string): AllocFile => ({
    Name: path.slice(path.lastIndexOf('/') + 1), IsDir: false, Size: Buffer.byteLength(content), FileMode: FILE_MODE, ModTime: mod, path, content,
  });
  const out: AllocFile[] = [dir('alloc'), dir('alloc/data'), dir('alloc/logs'), dir('alloc/tmp')];
  for (const t of tasks) {
    out.push(file(`alloc/logs/${t}.stdout.0`, stdout(t, startMs, 12, allocId)));
    out.push(file(`alloc/logs/${t}.stderr.0`, stderr(t, startMs, failed)));
  }
  for (const t of tasks) {
    out.push(dir(t), dir(`${t}/local`), dir(`${t}/secrets`), dir(`${t}/tmp`));
    out.push(file(`${t}/local/${t}.env`, `SERVICE_NAME=${t}\nLOG_LEVEL=info\nALLOC_INDEX=${String(alloc['Name']).replace(/^.*\[(\d+)\]$/, '$1')}\n`));
  }
  return out;
}
