// readBundle: a bundle path (.tar.gz, .tar or an unpacked folder) → Bundle, streaming each
// entry into its parser so memory holds only summaries, never the whole bundle.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readAll, resolveLimits, type EntryVisitor, type ReadEntry, type ReadLimits } from '../archive/read-limits.ts';
import { readArchive } from '../archive/read-tar.ts';
import { readFolder } from '../archive/read-folder.ts';
import { InputError } from '../shared/errors.ts';
import { BundleBuilder } from './bundle-builder.ts';
import { EventCounter } from './event-counter.ts';
import type { Bundle } from './types.ts';

export type { ReadLimits } from '../archive/read-limits.ts';

export interface ReadBundleOptions {
  /** WARN/ERROR log entries kept per agent (default 5,000). */
  logEntryCap?: number;
}

export async function readBundle(input: string, limits?: Partial<ReadLimits>, options: ReadBundleOptions = {}): Promise<Bundle> {
  const resolved = resolveLimits(limits);
  const st = await stat(input).catch((err: NodeJS.ErrnoException) => {
    throw new InputError('INPUT', `Cannot read bundle ${input}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  if (st.isDirectory()) {
    // The folder's own name is the root ("nomad-debug-<ts>"), so paths carry no prefix.
    const builder = new BundleBuilder({ root: path.basename(path.resolve(input)), logEntryCap: options.logEntryCap });
    await readFolder(input, resolved, visitorFor(builder), path.basename(path.resolve(input)));
    return finish(builder, input);
  }
  if (!st.isFile()) throw new InputError('INPUT', `Cannot read bundle ${input}: not a file or directory`);
  if (st.size === 0) throw new InputError('INPUT', `Cannot read bundle ${input}: empty file`);
  const builder = new BundleBuilder({ logEntryCap: options.logEntryCap });
  await readArchive(input, resolved, visitorFor(builder));
  return finish(builder, input);
}

function finish(builder: BundleBuilder, input: string): Bundle {
  const bundle = builder.build();
  if (bundle.files.length === 0 && !bundle.gaps.some((g) => g.code === 'UNSAFE_NAME' || g.code === 'TOO_LARGE')) {
    throw new InputError('INPUT', `Cannot read bundle ${input}: it holds no files`);
  }
  return bundle;
}

/** Routes each entry to its parser: streamed logs and events, size-only files drained, others parsed whole. */
export function visitorFor(builder: BundleBuilder): EntryVisitor {
  return {
    async onEntry(entry: ReadEntry) {
      const rel = builder.register(entry.path, entry.size);
      switch (builder.handling(rel)) {
        case 'log': {
          const parser = builder.logParser(rel);
          for await (const chunk of entry.body) parser.push(chunk);
          builder.addLog(rel, parser.end());
          return;
        }
        case 'events': {
          const counter = new EventCounter();
          for await (const chunk of entry.body) counter.push(chunk);
          builder.addEventCounts(rel, counter.end());
          return;
        }
        case 'size-only':
          return; // the reader drains the body
        case 'whole':
          builder.addContent(rel, await readAll(entry.body));
          return;
      }
    },
    onProblem(problem) {
      builder.addGap({ file: problem.path, code: problem.code, reason: problem.reason });
    },
  };
}
