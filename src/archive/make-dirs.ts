// `mkdir -p` that fails where Node's own recursive mkdir spins for ever: under /proc a folder
// whose parent exists still answers ENOENT, and fs.mkdir({ recursive: true }) makes the parent
// (EEXIST) and asks again, endlessly (Node 20; `-output=/proc/x` hung the collector).
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `dir` and any missing parents, each with `mode`. Returns the first folder it made, or
 * undefined when `dir` already was a folder, as fs.mkdir({ recursive: true }) does.
 */
export async function makeDirs(dir: string, mode?: number): Promise<string | undefined> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  let missing: unknown;
  try {
    await fs.mkdir(target, { mode });
    return target;
  } catch (err) {
    if (await alreadyFolder(err, target)) return undefined;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === target) throw err;
    missing = err;
  }
  // A parent that exists but is no folder (a dangling symlink): the child's ENOENT says why.
  const made = await makeDirs(parent, mode).catch((err: unknown) => {
    throw (err as NodeJS.ErrnoException).code === 'EEXIST' ? missing : err;
  });
  // The parent is there now, so a second ENOENT is final: that parent cannot hold children.
  try {
    await fs.mkdir(target, { mode });
    return made ?? target;
  } catch (err) {
    if (await alreadyFolder(err, target)) return made;
    throw err;
  }
}

/** EEXIST for a folder (made meanwhile, or there all along) is success; for a file it is not. */
async function alreadyFolder(err: unknown, target: string): Promise<boolean> {
  if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  return (await fs.stat(target).catch(() => undefined))?.isDirectory() ?? false;
}
