// `nomad-debug redact BUNDLE`: any bundle (ours or Nomad's; .tar.gz, .tar or a folder) → a new
// .tar.gz with the collector's secret rules applied again, entry by entry as it streams past.
// The input is only read. The redaction itself is pure (collect/redact-entry.ts); this file
// reads, writes and prints.
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveWriter } from '../../archive/archive-writer.ts';
import { manifestJson } from '../../archive/manifest.ts';
import type { RedactionRecord } from '../../archive/manifest.ts';
import { readFolder } from '../../archive/read-folder.ts';
import { isStreamedEntry, readAll, resolveLimits, type ReadEntry, type ReadLimits, type ReadProblem } from '../../archive/read-limits.ts';
import { readArchive } from '../../archive/read-tar.ts';
import { entryTreatment, LinesRedactor, looksBinary, redactDocument, type Cut } from '../../collect/redact-entry.ts';
import { reRedactManifest, type WrittenEntry } from '../../collect/redact-manifest.ts';
import { ReportBuilder, reportLines, type RedactReport } from '../../collect/redact-report.ts';
import type { RedactOptions } from '../../collect/redact.ts';
import { parseRules, type UserRules } from '../../collect/rules-file.ts';
import { detectLayout, rootOf } from '../../model/detect-layout.ts';
import { bundleFolder } from '../../model/read-bundle.ts';
import { EXIT, InputError, OutputError, UsageError, errorMessage } from '../../shared/errors.ts';
import { outputFailure, readFailure } from '../../shared/failure-messages.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { jsonOutput } from '../json-output.ts';
import { say, sayPath, type Io } from '../io.ts';
import { EntrySink } from '../entry-sink.ts';
import { TOOL } from '../../shared/version.ts';
import { writeFileAtomic } from '../write-file.ts';

export interface RedactFlags {
  bundle?: string;
  out?: string;
  rules?: string;
  json?: string;
}

const PPROF_REASON = 'pprof profiles and Go traces (binary; they hold no secrets our rules can find)';
const BINARY_REASON = 'binary files no rule can read';

/** nomad-debug-…tar.gz → nomad-debug-…-redacted (the archive's base name). */
export function defaultRedactedName(bundle: string): string {
  const base = path.basename(path.resolve(bundle)).replace(/\.(tar\.gz|tgz|tar|gz)$/i, '');
  return `${base || 'bundle'}-redacted`;
}

/** The user's rules file, checked; every problem is one line naming the file. */
export async function loadRules(file: string): Promise<{ rules: UserRules; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UsageError(`Cannot read rules file: ${readFailure(err, file)}`);
  }
  if (bytes.length > 1024 * 1024) throw new UsageError(`Invalid rules file ${file}: over 1 MiB`);
  try {
    return { rules: parseRules(bytes.toString('utf8')), sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (err) {
    throw new UsageError(`Invalid rules file ${file}: ${errorMessage(err)}`);
  }
}

export interface RedactBundleOptions {
  input: string;
  /** The output archive; default <input name>-redacted.tar.gz in `outputDir`, never over an existing file. */
  out?: string;
  outputDir: string;
  rules?: { rules: UserRules; sha256: string };
  limits?: Partial<ReadLimits>;
  signal?: AbortSignal;
}

/** One pass: read every entry, redact it, write it; the manifest last. */
export async function redactBundle(opts: RedactBundleOptions): Promise<RedactReport> {
  const source = await openInput(opts.input);
  if (opts.out && (await sameFile(opts.out, opts.input))) throw new UsageError(`Invalid -out ${opts.out}: that is the input bundle (redact never changes its input)`);
  if (source.folder) {
    // the folder is listed as it is read: an archive written inside it would be read into itself
    const target = opts.out ?? path.join(opts.outputDir, `${defaultRedactedName(opts.input)}.tar.gz`);
    if (await isInside(path.dirname(target), source.folder)) {
      throw new UsageError(opts.out
        ? `Invalid -out ${target}: it is inside the bundle folder being read; write it outside ${source.folder}`
        : `The redacted archive ${target} would be inside the bundle folder being read: give -out outside ${source.folder}`);
    }
  }
  const redact: RedactOptions = { enabled: true, extra: opts.rules?.rules.extra, paths: opts.rules?.rules.paths };
  const pass = new RedactPass(redact, opts);
  try {
    if (source.folder) await readFolder(source.folder, resolveLimits(opts.limits), pass, source.root);
    else await readArchive(opts.input, resolveLimits(opts.limits), pass);
    if (pass.fatal) throw pass.fatal;
    return await pass.finish();
  } catch (err) {
    await pass.abort();
    throw pass.fatal ?? err;
  }
}

async function openInput(input: string): Promise<{ folder?: string; root?: string }> {
  const st = await stat(input).catch((err: NodeJS.ErrnoException) => {
    throw new InputError('INPUT', `Cannot read bundle ${input}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  if (st.isDirectory()) {
    const folder = await bundleFolder(input);
    return { folder, root: path.basename(path.resolve(folder)) };
  }
  if (!st.isFile()) throw new InputError('INPUT', `Cannot read bundle ${input}: not a file or directory`);
  if (st.size === 0) throw new InputError('INPUT', `Cannot read bundle ${input}: empty file`);
  return {};
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const real = async (p: string) => realpath(p).catch(() => path.resolve(p));
  return (await real(a)) === (await real(b));
}

/** `dir` is `folder` or below it, links resolved (a folder not made yet counts by its name). */
async function isInside(dir: string, folder: string): Promise<boolean> {
  const real = async (p: string) => realpath(p).catch(() => path.resolve(p));
  const rel = path.relative(await real(folder), await real(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const sha256 = () => createHash('sha256');

class RedactPass {
  readonly #redact: RedactOptions;
  readonly #opts: RedactBundleOptions;
  readonly #report = new ReportBuilder();
  readonly #seen = new Set<string>();
  readonly #changed = new Map<string, WrittenEntry>();
  /** The manifest's audit: per file, the first cuts where they were and the rest counted by rule. */
  readonly #redactions: RedactionRecord[] = [];
  #cutCount = 0;
  #root: string | undefined;
  #writer: ArchiveWriter | undefined;
  #manifest: Buffer | undefined;

  constructor(redact: RedactOptions, opts: RedactBundleOptions) {
    this.#redact = redact;
    this.#opts = opts;
  }

  async #writerFor(firstPath: string): Promise<ArchiveWriter> {
    if (this.#writer) return this.#writer;
    this.#root ??= rootOf(firstPath);
    const out = this.#opts.out;
    const archiveName = out ? path.basename(out).replace(/\.tar\.gz$/i, '') : defaultRedactedName(this.#opts.input);
    this.#target = out ?? path.join(this.#opts.outputDir, `${archiveName}.tar.gz`);
    try {
      this.#writer = await ArchiveWriter.create({
        outputDir: out ? path.dirname(out) : this.#opts.outputDir,
        rootName: this.#root || archiveName,
        archiveName,
        replace: out !== undefined,
      });
    } catch (err) {
      throw outputFailure(err, this.#target);
    }
    return this.#writer;
  }

  /** The archive being written, as the operator named it (the system's text names our temporary file). */
  #target = '';

  #writeFailed = (err: unknown): never => {
    throw outputFailure(err, this.#target);
  };

  #rel(entryPath: string): string {
    const root = this.#root;
    return root && entryPath.startsWith(`${root}/`) ? entryPath.slice(root.length + 1) : entryPath;
  }

  /** A failure of our own (the output, an interrupt): it stops the reading, and is the error reported rather than the reader's. */
  fatal: unknown;

  async onEntry(entry: ReadEntry): Promise<void> {
    if (this.fatal) return;
    try {
      if (this.#opts.signal?.aborted) throw Object.assign(new Error('interrupted'), { code: 'INTERRUPTED' });
      await this.#entry(entry, await this.#writerFor(entry.path));
    } catch (err) {
      // anything else is the entry's own failure: the reader records it (or fails on a corrupt archive)
      if (err instanceof OutputError || (err as { code?: string }).code === 'INTERRUPTED') this.fatal = err;
      throw err;
    }
  }

  async #entry(entry: ReadEntry, writer: ArchiveWriter): Promise<void> {
    const rel = this.#rel(entry.path);
    if (this.#seen.has(rel)) {
      // as analyze: the first copy of a name is the one read
      this.#report.skipped(rel, 'DUPLICATE', 'a second entry of this name (the first one was used)');
      return;
    }
    this.#seen.add(rel);
    if (rel === 'manifest.json') {
      this.#manifest = Buffer.from(await readAll(entry.body));
      return;
    }
    const inHash = sha256();
    const outHash = sha256();
    const sink = new EntrySink(writer.tempPath);
    const put = async (chunks: Buffer[]) => {
      for (const c of chunks) {
        outHash.update(c);
        await sink.write(c).catch(this.#writeFailed);
      }
    };
    let redactions: Cut[] = [];
    try {
      const treatment = entryTreatment(rel, isStreamedEntry(rel));
      if (treatment === 'document') {
        const bytes = await readAll(entry.body);
        inHash.update(bytes);
        const r = redactDocument(bytes, this.#redact);
        redactions = r.redactions;
        await put([r.bytes]);
      } else {
        let lines: LinesRedactor | undefined;
        let copy = treatment === 'copy';
        let first = true;
        for await (const chunk of entry.body) {
          inHash.update(chunk);
          if (first && !copy && looksBinary(chunk)) {
            copy = true;
            this.#report.copied(rel, BINARY_REASON);
          }
          first = false;
          if (copy) await put([chunk]);
          else await put((lines ??= new LinesRedactor(this.#redact)).push(chunk));
        }
        if (lines) {
          await put(lines.end());
          redactions = lines.redactions;
        }
        if (treatment === 'copy') this.#report.copied(rel, PPROF_REASON);
      }
      await sink.addTo(writer, rel).catch(this.#writeFailed);
    } finally {
      await sink.discard();
    }
    const inSum = inHash.digest('hex');
    const outSum = outHash.digest('hex');
    if (inSum !== outSum) this.#changed.set(rel, { sha256: outSum, bytes: sink.bytes });
    this.#report.file(rel, redactions);
    for (const r of redactions) this.#redactions.push({ path: rel, field: r.field, rule: r.rule });
    for (const r of redactions) this.#cutCount += r.count ?? 1;
  }

  onProblem(problem: ReadProblem): void {
    this.#report.skipped(problem.path, problem.code, problem.reason);
  }

  async finish(): Promise<RedactReport> {
    const paths = [...this.#seen];
    if (paths.length === 0) throw new InputError('INPUT', `Cannot read bundle ${this.#opts.input}: it holds no files`);
    const layout = detectLayout(paths);
    if (layout === 'unknown') {
      throw new InputError('NOT_A_BUNDLE', `not a Nomad debug bundle: no cluster/, version/ or nomad/ folder and no manifest.json in ${this.#opts.input}`);
    }
    const writer = this.#writer!;
    const rules = ['built-in', ...(this.#opts.rules?.rules.ruleNames ?? [])];
    let manifest: RedactReport['manifest'] = 'none';
    let manifestCuts: RedactionRecord[] = [];
    if (this.#manifest) {
      const made = this.#remadeManifest(this.#manifest, rules);
      manifest = made ? 'updated' : 'unreadable';
      if (made) {
        manifestCuts = made.redactions;
        await writer.add('manifest.json', made.bytes);
      } else {
        const r = redactDocument(this.#manifest, this.#redact);
        manifestCuts = r.redactions.map((x) => ({ path: 'manifest.json', ...x }));
        await writer.add('manifest.json', r.bytes);
      }
    }
    let output: string;
    try {
      output = await writer.finish();
    } catch (err) {
      throw outputFailure(err, this.#target);
    }
    return this.#report.build({ tool: TOOL, input: this.#opts.input, output, layout, rules, manifest }, manifestCuts);
  }

  #remadeManifest(bytes: Buffer, rules: string[]): { bytes: Buffer; redactions: RedactionRecord[] } | undefined {
    let doc: unknown;
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      return undefined;
    }
    const record = {
      tool: TOOL,
      at: new Date().toISOString(),
      rules,
      ...(this.#opts.rules ? { rulesFileSha256: this.#opts.rules.sha256 } : {}),
      redactions: this.#cutCount,
    };
    const made = reRedactManifest(doc, { changed: this.#changed, redactions: this.#redactions, record }, this.#redact);
    if (!made) return undefined;
    return { bytes: Buffer.from([...manifestJson(made.manifest)].join('')), redactions: made.redactions };
  }

  async abort(): Promise<void> {
    await this.#writer?.abort();
  }
}

export async function runRedact(flags: RedactFlags, io: Io): Promise<number> {
  if (!flags.bundle) throw new UsageError('Missing bundle: nomad-debug redact BUNDLE (a .tar.gz, .tar or folder)');
  if (flags.out !== undefined && !/\.tar\.gz$/i.test(flags.out)) {
    throw new UsageError(`Invalid -out ${JSON.stringify(flags.out)}: the redacted bundle is a .tar.gz (name it NAME.tar.gz)`);
  }
  const input = path.resolve(io.cwd, flags.bundle);
  const rules = flags.rules ? await loadRules(path.resolve(io.cwd, flags.rules)) : undefined;
  const json = jsonOutput(flags.json, io);
  const jsonOut = json.file;
  const report = await redactBundle({
    input,
    out: flags.out ? path.resolve(io.cwd, flags.out) : undefined,
    outputDir: io.cwd,
    rules,
    signal: io.interrupts?.signal,
  });
  if (jsonOut) await writeFileAtomic(jsonOut, JSON.stringify(report, null, 2) + '\n');
  if (json.toStdout) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  const human = json.human;
  // names come from the bundle: escaped before they reach a terminal
  for (const line of reportLines(report)) say(human, visibleText(line));
  if (jsonOut) sayPath(io.stderr, 'Report written', jsonOut);
  sayPath(human, 'Redacted archive', report.output);
  return EXIT.ok;
}
