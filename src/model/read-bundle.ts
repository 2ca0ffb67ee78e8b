// readBundle: a bundle path (.tar.gz, .tar or an unpacked folder) → Bundle, streaming each
// entry into its parser so memory holds only summaries, never the whole bundle.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readAll, resolveLimits, type EntryVisitor, type ReadEntry, type ReadLimits, type ReadProblem } from '../archive/read-limits.ts';
import { readArchive } from '../archive/read-tar.ts';
import { readFolder } from '../archive/read-folder.ts';
import { InputError } from '../shared/errors.ts';
import { readFailure } from '../shared/failure-messages.ts';
import { BundleBuilder } from './bundle-builder.ts';
import { ProfilePipeline } from './profile-pipeline.ts';
import type { Bundle } from './types.ts';

export type { ReadLimits } from '../archive/read-limits.ts';

export interface ReadBundleOptions {
  /** WARN/ERROR log entries kept per agent (default 5,000). */
  logEntryCap?: number;
}

export async function readBundle(input: string, limits?: Partial<ReadLimits>, options: ReadBundleOptions = {}): Promise<Bundle> {
  const resolved = resolveLimits(limits);
  const st = await stat(input).catch((err: NodeJS.ErrnoException) => {
    throw new InputError('INPUT', `Cannot read bundle: ${readFailure(err, input)}`);
  });
  if (st.isDirectory()) {
    const folder = await bundleFolder(input);
    // The folder's own name is the root ("nomad-debug-<ts>"), so paths carry no prefix.
    const root = path.basename(path.resolve(folder));
    const builder = new BundleBuilder({ root, logEntryCap: options.logEntryCap });
    const visitor = new BundleVisitor(builder);
    try {
      await readFolder(folder, resolved, visitor, root);
      await visitor.settle();
    } finally {
      await visitor.close();
    }
    return finish(builder, input);
  }
  if (!st.isFile()) throw new InputError('INPUT', `Cannot read bundle ${input}: not a file or directory`);
  if (st.size === 0) throw new InputError('INPUT', `Cannot read bundle ${input}: empty file`);
  const builder = new BundleBuilder({ logEntryCap: options.logEntryCap });
  const visitor = new BundleVisitor(builder);
  // A big archive will want the worker: start it while the first entries are read.
  if (st.size >= EARLY_POOL_BYTES) visitor.startPool();
  try {
    await readArchive(input, resolved, visitor);
    await visitor.settle();
  } finally {
    await visitor.close();
  }
  return finish(builder, input);
}

/** A folder holding just one `nomad-debug-*` folder (e.g. the -output folder) means that one. */
export async function bundleFolder(input: string): Promise<string> {
  const names = await readdir(input, { withFileTypes: true }).catch(() => []);
  const only = names.length === 1 ? names[0] : undefined;
  if (only && only.isDirectory() && only.name.startsWith('nomad-debug-')) return path.join(input, only.name);
  return input;
}

function finish(builder: BundleBuilder, input: string): Bundle {
  const bundle = builder.build();
  if (bundle.files.length === 0 && !bundle.gaps.some((g) => g.code === 'UNSAFE_NAME' || g.code === 'TOO_LARGE')) {
    throw new InputError('INPUT', `Cannot read bundle ${input}: it holds no files`);
  }
  // A tarball of anything else must not pass a pipeline's -fail-on as a healthy cluster.
  if (bundle.layout === 'unknown' && bundle.files.length > 0) {
    throw new InputError('NOT_A_BUNDLE', `not a Nomad debug bundle: no cluster/, version/ or nomad/ folder and no manifest.json in ${input}`);
  }
  return bundle;
}

/** Archives this big start the worker pool before their first entry. */
const EARLY_POOL_BYTES = 4 * 1024 * 1024;

/**
 * Hands each entry to the builder as its plan says (BundleBuilder.accept): streamed, measured,
 * applied whole, or a profile for the profile pipeline. Every file is hashed as it is read, for
 * the manifest's sha256 (tampering shows there).
 */
export class BundleVisitor implements EntryVisitor {
  readonly #builder: BundleBuilder;
  readonly #profiles: ProfilePipeline;

  constructor(builder: BundleBuilder) {
    this.#builder = builder;
    this.#profiles = new ProfilePipeline(builder);
  }

  startPool(): void {
    this.#profiles.startPool();
  }

  async onEntry(entry: ReadEntry): Promise<void> {
    const plan = this.#builder.accept(entry.path, entry.size);
    if (plan === undefined) return; // a second copy of a name: the first is the one read (the reader drains this)
    const hash = createHash('sha256');
    if (plan.as === 'stream' || plan.as === 'measure') {
      for await (const chunk of entry.body) {
        hash.update(chunk);
        if (plan.as === 'stream') plan.sink.push(chunk);
      }
      if (plan.as === 'stream') plan.sink.end();
      this.#builder.addDigest(plan.rel, hash.digest('hex'));
      return;
    }
    const bytes = await readAll(entry.body);
    hash.update(bytes);
    this.#builder.addDigest(plan.rel, hash.digest('hex'));
    if (plan.as === 'whole') plan.apply(bytes);
    else await this.#profiles.add(plan.rel, plan.job, bytes);
  }

  onProblem(problem: ReadProblem): void {
    this.#builder.addGap({ file: problem.path, code: problem.code, reason: problem.reason });
  }

  /** Waits for the profiles still being parsed, and applies them (see ProfilePipeline.settle). */
  settle(): Promise<void> {
    return this.#profiles.settle();
  }

  close(): Promise<void> {
    return this.#profiles.close();
  }
}
