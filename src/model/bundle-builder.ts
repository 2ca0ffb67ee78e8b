// Assembles a Bundle from entries as they arrive: parse each file once, keep only what the
// model needs, turn anything unreadable into a Gap. Pure (no I/O): the reader feeds it through
// one narrow interface: accept() an entry, and do with its bytes what the returned plan says
// (stream them into its sink, apply them whole, or hand a profile to the profile pipeline,
// which gives its outcome back through ProfileTarget); addDigest() and addGap() record the rest.
import type { Manifest } from '../archive/manifest.ts';
import { NDJSON_INTERVAL_FILES } from '../archive/layout.ts';
import { anything, Issues, issuesText, str, type Decoder } from './decode.ts';
import * as decoders from './decoders.ts';
import * as serviceDecoders from './service-decoders.ts';
import { detectLayout, rootOf, timeFromRoot } from './detect-layout.ts';
import { checkIntegrity } from './integrity.ts';
import { EventStreamReader } from './event-stream.ts';
import { asArray, isObject, readCollectionFile, readJsonFile, recoverEmbeddedJson } from './json-file.ts';
import { LogParser } from './log-parser.ts';
import { parsePprofEntry, type PprofOutcome } from './pprof-entry.ts';
import { entryHandling, INTERVAL_KEY_BY_NAME, isMeasuredPprof, routePath, type AgentFile, type ClusterKey, type Route } from './route-path.ts';
import type { AgentData, Bundle, ClusterData, ConsulData, Gap, IntervalData, Json, LogSummary, ProfileRound, Sourced } from './types.ts';

export interface BuilderOptions {
  /** WARN/ERROR entries kept per log. */
  logEntryCap?: number;
  /** Root folder when known up front (folder input); otherwise judged from the first path. */
  root?: string;
}


/** A profile or goroutine dump to parse. For goroutine sources `round` names the agent's round and `lesser` says a more detailed source may make it redundant (see BundleBuilder.#wanted). */
export interface ProfileJob {
  text: boolean;
  round?: string;
  lesser: boolean;
}

/** What the reader does with one entry's bytes (BundleBuilder.accept). */
export type EntryPlan =
  /** Streamed into the sink chunk by chunk, then end() (logs, the event stream). */
  | { rel: string; as: 'stream'; sink: { push(chunk: Uint8Array): void; end(): void } }
  /** Only read through, for its hash: its size is all the model keeps. */
  | { rel: string; as: 'measure' }
  /** Read whole and given to apply() (JSON files). */
  | { rel: string; as: 'whole'; apply(bytes: Uint8Array): void }
  /** Read whole and parsed as the job says, here or off-thread; the outcome goes to the ProfileTarget. */
  | { rel: string; as: 'profile'; job: ProfileJob };

/** Where parsed profiles go back: the builder, seen from the profile pipeline. */
export interface ProfileTarget {
  /** False for a goroutine source its round no longer needs: one at least as detailed is kept. */
  goroutineWanted(rel: string): boolean;
  /** Applies a parsed profile or dump (parsed here or in a worker). */
  addPprofOutcome(rel: string, outcome: PprofOutcome): void;
}

export class BundleBuilder implements ProfileTarget {
  readonly #logEntryCap: number | undefined;
  #root: string | undefined;
  readonly #files: string[] = [];
  readonly #sizes: Record<string, number> = {};
  readonly #gaps: Gap[] = [];
  readonly #rawGaps = new Set<Gap>();
  readonly #cluster: ClusterData = {};
  readonly #agents = new Map<string, AgentData>();
  readonly #intervals = new Map<number, IntervalData>();
  /** roundKey → rank of the most detailed goroutine source kept for that round (GOROUTINE_KINDS). */
  readonly #keptGoroutine = new Map<string, number>();
  readonly #rounds = new Map<AgentData, Map<number, ProfileRound>>();
  #manifest: Sourced<Manifest> | undefined;
  /** Per collection file name, the previous interval's NDJSON lines and their values. */
  readonly #previousLines = new Map<string, Map<string, Json>>();

  /** Entry names seen more than once, with their number of copies. */
  readonly #duplicates = new Map<string, number>();
  /** sha256 (hex) of each file's bytes as read, for the manifest's. */
  readonly #digests = new Map<string, string>();

  /** Routes by path: a profile is asked about again when its outcome comes back. */
  readonly #routes = new Map<string, Route>();

  constructor(options: BuilderOptions = {}) {
    this.#logEntryCap = options.logEntryCap;
    this.#root = options.root;
  }

  /**
   * Takes an entry (archive path, root not stripped) and says what to do with its bytes; undefined
   * for a second copy of a name (the first copy is the one read, every time).
   */
  accept(archivePath: string, size: number): EntryPlan | undefined {
    const rel = this.#register(archivePath, size);
    if (rel === undefined) return undefined;
    const route = this.#route(rel);
    switch (entryHandling(route)) {
      case 'log': {
        const parser = new LogParser(rel, this.#logEntryCap);
        return { rel, as: 'stream', sink: { push: (chunk) => parser.push(chunk), end: () => this.#addLog(route, parser.end()) } };
      }
      case 'events': {
        const reader = new EventStreamReader(rel);
        const sink = { push: (chunk: Uint8Array) => reader.push(asBuffer(chunk)), end: () => this.#addEventStream(rel, reader.end()) };
        return { rel, as: 'stream', sink };
      }
      case 'size-only':
        return { rel, as: 'measure' };
      case 'whole': {
        const job = pprofJob(route);
        return job ? { rel, as: 'profile', job } : { rel, as: 'whole', apply: (bytes) => this.#addContent(rel, route, bytes) };
      }
    }
  }

  /** Records an entry; see accept(). */
  #register(archivePath: string, size: number): string | undefined {
    if (this.#root === undefined) this.#root = rootOf(archivePath);
    const rel = this.#strip(archivePath);
    if (Object.hasOwn(this.#sizes, rel)) {
      this.#duplicates.set(rel, (this.#duplicates.get(rel) ?? 1) + 1);
      return undefined;
    }
    this.#files.push(rel);
    this.#sizes[rel] = size;
    const route = this.#route(rel);
    if (route.area === 'agent') {
      const agent = this.#agent(route);
      agent.files.push(rel);
      // Traces and the profiles nothing reads are only measured.
      if (route.file.what === 'pprof' && isMeasuredPprof(route.file.kind)) {
        const round = this.#round(agent, route.file.round);
        (round.measured ??= {})[route.file.kind] = size;
      }
    }
    return rel;
  }

  #addLog(route: Route, summary: LogSummary): void {
    if (route.area !== 'agent') return;
    if (route.file.what === 'exportLog') this.#agent(route).exportLog = summary;
    else this.#agent(route).log = summary;
  }

  /** The sha256 (hex) of an accepted entry's bytes as read. */
  addDigest(rel: string, sha256: string): void {
    this.#digests.set(rel, sha256);
  }

  /** What an EventStreamReader read from eventstream.json: counts, kept events, and its caps as gaps. */
  #addEventStream(rel: string, read: ReturnType<EventStreamReader['end']>): void {
    this.#cluster.eventCounts = { file: rel, value: read.counts };
    this.#cluster.events = read.data;
    for (const g of read.gaps) this.#gaps.push(g);
  }

  /** A gap named by archive path (root folder stripped when present). */
  addGap(gap: Gap): void {
    // The root may not be known yet (problems can precede the first regular file): strip in build().
    const copy = { ...gap };
    this.#rawGaps.add(copy);
    this.#gaps.push(copy);
  }

  #route(rel: string): Route {
    let route = this.#routes.get(rel);
    if (!route) {
      route = routePath(rel);
      this.#routes.set(rel, route);
    }
    return route;
  }

  #strip(archivePath: string): string {
    const root = this.#root ?? '';
    return root !== '' && archivePath.startsWith(`${root}/`) ? archivePath.slice(root.length + 1) : archivePath;
  }

  /** A whole file's bytes (JSON). */
  #addContent(rel: string, route: Route, bytes: Uint8Array): void {
    switch (route.area) {
      case 'manifest':
        return this.#addManifest(rel, bytes);
      case 'cluster':
        return this.#addCluster(rel, route.key, bytes);
      case 'agent':
        return this.#addAgentFile(rel, this.#agent(route), route.file, bytes);
      case 'interval':
        return this.#addInterval(rel, route, bytes);
      default:
        return;
    }
  }

  build(): Bundle {
    const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    const root = this.#root ?? '';
    for (const gap of this.#rawGaps) gap.file = this.#strip(gap.file);
    this.#rawGaps.clear();
    const agents = [...this.#agents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const agent of agents) {
      const rounds = this.#rounds.get(agent);
      if (rounds) agent.profiles = [...rounds.values()].sort((a, b) => a.round - b.round);
      agent.metrics.sort((a, b) => a.round - b.round);
      // by file, not archive order: the same bundle as a .tar.gz or a folder gives the same findings
      agent.allocChecks.sort(byFile);
      agent.allocStats.sort(byFile);
    }
    const bundle: Bundle = {
      root,
      layout: detectLayout(this.#files),
      files: this.#files,
      sizes: this.#sizes,
      cluster: this.#cluster,
      servers: agents.filter((a) => a.kind === 'server'),
      clients: agents.filter((a) => a.kind === 'client'),
      intervals: [...this.#intervals.values()].sort((a, b) => a.index - b.index),
      gaps: this.#gaps.sort(byFile),
      integrity: checkIntegrity(this.#manifest?.value, this.#files, this.#digests, this.#duplicates),
    };
    const createdAt = this.#manifest?.value.startedAt ?? timeFromRoot(root);
    if (createdAt) bundle.createdAt = createdAt;
    if (this.#manifest) bundle.manifest = this.#manifest;
    return bundle;
  }

  #agent(route: Extract<Route, { area: 'agent' }>): AgentData {
    const key = `${route.kind}/${route.id}`;
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = { kind: route.kind, id: route.id, dir: route.dir, allocStats: [], allocChecks: [], metrics: [], profiles: [], files: [] };
      this.#agents.set(key, agent);
    }
    return agent;
  }

  /** Parses JSON and decodes it; what did not fit is a gap on the file, and undefined when nothing could be used. */
  #decode<T>(rel: string, bytes: Uint8Array, decoder: Decoder<T>, unwrap?: (v: Json) => Json): T | undefined {
    const read = readJsonFile(bytes, rel);
    if (!read.ok) {
      this.#gaps.push(read.gap);
      return undefined;
    }
    return this.#fit(rel, unwrap ? unwrap(read.value) : read.value, decoder);
  }

  /** Decodes a parsed value: see #decode. */
  #fit<T>(rel: string, value: Json, decoder: Decoder<T>): T | undefined {
    const issues = new Issues();
    const v = decoder(value, '', issues);
    if (issues.count > 0) {
      const code = v === undefined ? 'WRONG_TYPE' : 'WRONG_FIELDS';
      const lead = v === undefined ? 'not used: ' : 'partly used: ';
      this.#gaps.push({ file: rel, code, reason: `${lead}${issuesText(issues)}` });
    }
    return v;
  }

  #addManifest(rel: string, bytes: Uint8Array): void {
    const manifest = this.#decode(rel, bytes, decoders.manifest);
    if (!manifest) return;
    this.#manifest = { file: rel, value: manifest };
    for (const c of manifest.captures) {
      if (c.status === 'ok') continue;
      this.#gaps.push({ file: c.path, code: c.code, reason: c.error ?? `capture ${c.status}` });
    }
  }

  #addCluster(rel: string, key: ClusterKey, bytes: Uint8Array): void {
    const c = this.#cluster;
    switch (key) {
      case 'agentSelf': {
        const v = this.#decode(rel, bytes, decoders.agentSelf);
        if (v) c.agentSelf = { file: rel, value: v };
        return;
      }
      case 'members': {
        // Very old agents answered a bare array of members.
        const v = this.#decode(rel, bytes, decoders.membersResponse, (raw) => (Array.isArray(raw) ? { Members: raw } : raw));
        if (v) c.members = { file: rel, value: v };
        return;
      }
      case 'leader': {
        const v = this.#decode(rel, bytes, str);
        if (v !== undefined) c.leader = { file: rel, value: v };
        return;
      }
      case 'nodes': {
        const v = this.#decode(rel, bytes, decoders.nodeList, asCollection);
        if (v) c.nodes = { file: rel, value: v };
        return;
      }
      case 'namespaces': {
        const v = this.#decode(rel, bytes, decoders.objectList, asCollection);
        if (v) c.namespaces = { file: rel, value: v };
        return;
      }
      case 'regions': {
        const v = this.#decode(rel, bytes, decoders.stringList);
        if (v) c.regions = { file: rel, value: v };
        return;
      }
      case 'cliFlags': {
        const v = this.#decode(rel, bytes, anything);
        if (v !== undefined) c.cliFlags = { file: rel, value: v as Json };
        return;
      }
      case 'consulLeader':
      case 'consulAgentSelf':
      case 'consulAgentMembers':
      case 'consulAgentHost':
      case 'consulAgentMetrics':
      case 'consulAgentChecks':
      case 'consulAgentServices': {
        const [field, decoder] = CONSUL_FILES[key];
        if (this.#rawServiceError(rel, bytes)) return;
        const v = this.#decode(rel, bytes, decoder);
        if (v !== undefined) (c.consul ??= {})[field] = { file: rel, value: v } as never;
        return;
      }
      case 'vaultSysHealth': {
        if (this.#rawServiceError(rel, bytes)) return;
        const v = this.#decode(rel, bytes, serviceDecoders.vaultHealth);
        if (v) c.vault = { file: rel, value: v };
        return;
      }
      default:
        return;
    }
  }

  /** A Consul or Vault body Nomad wrote raw (an error text, not JSON): a gap with that text. */
  #rawServiceError(rel: string, bytes: Uint8Array): boolean {
    const raw = serviceDecoders.rawErrorText(bytes);
    if (raw !== undefined) this.#gaps.push({ file: rel, code: 'ERROR_FILE', reason: raw });
    return raw !== undefined;
  }

  #addAgentFile(rel: string, agent: AgentData, file: AgentFile, bytes: Uint8Array): void {
    switch (file.what) {
      case 'metrics': {
        const v = this.#decode(rel, bytes, decoders.metricsSummary);
        if (v) agent.metrics.push({ round: file.round, file: rel, value: v });
        return;
      }
      case 'allocChecks': {
        const v = this.#decode(rel, bytes, decoders.allocChecks);
        if (v) agent.allocChecks.push({ file: rel, value: v });
        return;
      }
      case 'allocStats': {
        const v = this.#decode(rel, bytes, anything);
        if (v !== undefined) agent.allocStats.push({ file: rel, value: v as Json });
        return;
      }
      case 'json': {
        // agent-host.json as the CLI writes it: {"AgentID": ..., "HostData": {...}}.
        const unwrap = file.key === 'host' ? (v: Json) => (isObject(v) && isObject(v.HostData) ? v.HostData : v) : undefined;
        const v = this.#decode(rel, bytes, AGENT_DECODERS[file.key], unwrap);
        if (v !== undefined) (agent as unknown as Record<string, Sourced<unknown>>)[file.key] = { file: rel, value: v };
        return;
      }
      default:
        return;
    }
  }

  #round(agent: AgentData, n: number): ProfileRound {
    let rounds = this.#rounds.get(agent);
    if (!rounds) {
      rounds = new Map();
      this.#rounds.set(agent, rounds);
    }
    let round = rounds.get(n);
    if (!round) {
      round = { round: n };
      rounds.set(n, round);
    }
    return round;
  }

  /**
   * A round's goroutine-debug2 dump, goroutine-debug1 dump and binary goroutine profile hold
   * the same stacks with less detail each (GOROUTINE_KINDS): a round keeps the most detailed one
   * that parsed. A lesser one is wanted only while nothing at least as detailed is kept, so the
   * profile pipeline holds lesser ones back and decodes them only where the better ones failed
   * or never came (a debug=2 dump of a big server can time out where debug=1 did not).
   */
  #wanted(dir: string, file: Extract<AgentFile, { what: 'pprof' }>): boolean {
    const rank = goroutineRank(file.kind);
    return rank === undefined || (this.#keptGoroutine.get(roundKey(dir, file.round)) ?? -1) < rank;
  }

  goroutineWanted(rel: string): boolean {
    const route = this.#route(rel);
    return route.area !== 'agent' || route.file.what !== 'pprof' || this.#wanted(route.dir, route.file);
  }

  addPprofOutcome(rel: string, outcome: PprofOutcome): void {
    const route = this.#route(rel);
    if (route.area !== 'agent' || route.file.what !== 'pprof') return;
    const kind = route.file.kind;
    if (outcome.kind === 'gap') {
      this.#gaps.push(outcome.gap);
      return;
    }
    const agent = this.#agent(route);
    // A more detailed goroutine source of the round may have been kept since this one was sent.
    if (!this.#wanted(agent.dir, route.file)) return;
    const round = this.#round(agent, route.file.round);
    if (outcome.kind === 'dump' && (kind === 'goroutineDebug1' || kind === 'goroutineDebug2')) round[kind] = outcome.value;
    else if (outcome.kind === 'profile' && (kind === 'cpu' || kind === 'heap' || kind === 'goroutine')) round[kind] = outcome.value;
    else return;
    const rank = goroutineRank(kind);
    if (rank === undefined) return;
    this.#keptGoroutine.set(roundKey(agent.dir, route.file.round), rank);
    for (const lesser of GOROUTINE_KINDS.slice(0, rank)) delete round[lesser];
  }

  #addInterval(rel: string, route: Extract<Route, { area: 'interval' }>, bytes: Uint8Array): void {
    const key = INTERVAL_KEY_BY_NAME.get(route.name);
    if (!key) return;
    let interval = this.#intervals.get(route.index);
    if (!interval) {
      interval = { index: route.index, dir: route.dir };
      this.#intervals.set(route.index, interval);
    }
    if (key === 'autopilotHealth') return this.#addAutopilot(rel, interval, bytes);
    const isCollection = NDJSON_INTERVAL_FILES.includes(route.name) || route.name === 'plugins.json';
    if (isCollection) {
      const { read, lines } = readCollectionFile(bytes, rel, this.#previousLines.get(route.name));
      if (lines) this.#previousLines.set(route.name, lines);
      if (!read.ok) {
        this.#gaps.push(read.gap);
        return;
      }
      const arr = this.#fit<unknown[]>(rel, asCollection(read.value), COLLECTION_DECODERS[key] ?? decoders.objectList);
      if (arr) (interval as unknown as Record<string, Sourced<unknown>>)[key] = { file: rel, value: arr };
      return;
    }
    const v = this.#decode(rel, bytes, INTERVAL_DECODERS[key as keyof typeof INTERVAL_DECODERS] ?? anything);
    if (v !== undefined) (interval as unknown as Record<string, Sourced<unknown>>)[key] = { file: rel, value: v };
  }

  #addAutopilot(rel: string, interval: IntervalData, bytes: Uint8Array): void {
    const read = readJsonFile(bytes, rel);
    let raw: Json | undefined = read.ok ? read.value : undefined;
    if (!read.ok) {
      // Unhealthy clusters answer 429 with the report as body; Nomad's CLI saves it as an error.
      raw = read.gap.code === 'ERROR_FILE' ? recoverEmbeddedJson(read.gap.reason) : undefined;
      if (raw === undefined) {
        this.#gaps.push(read.gap);
        return;
      }
    }
    const v = this.#fit(rel, raw!, decoders.autopilotHealth);
    if (v) interval.autopilotHealth = { file: rel, value: v };
  }
}

/** NDJSON of one object parses as that object; a collection is then the one-element array. */
function asCollection(v: Json): Json {
  return asArray(v) ?? v;
}

const AGENT_DECODERS: Record<Extract<AgentFile, { what: 'json' }>['key'], Decoder<unknown>> = {
  host: decoders.hostData,
  self: decoders.agentSelf,
  health: decoders.health,
  schedulers: decoders.schedulers,
  schedulersConfig: decoders.schedulersConfig,
  clientStats: decoders.hostStats,
  clientMetadata: anything,
  servers: decoders.stringList,
};

/** Interval collections whose items the checks read field by field; the others are kept as objects. */
const COLLECTION_DECODERS: Partial<Record<string, Decoder<unknown[]>>> = {
  nodes: decoders.nodeList,
  allocations: decoders.allocationList,
  evaluations: decoders.evaluationList,
};

/** Each Consul file's place in ConsulData and its decoder. */
const CONSUL_FILES: Record<Extract<ClusterKey, `consul${string}`>, [keyof ConsulData, Decoder<unknown>]> = {
  consulLeader: ['leader', str],
  consulAgentSelf: ['self', serviceDecoders.consulSelf],
  consulAgentMembers: ['members', serviceDecoders.consulMembers],
  consulAgentHost: ['host', serviceDecoders.consulHost],
  consulAgentMetrics: ['metrics', serviceDecoders.consulMetrics],
  consulAgentChecks: ['checks', serviceDecoders.consulChecks],
  consulAgentServices: ['services', serviceDecoders.consulServices],
};

const INTERVAL_DECODERS = {
  metrics: decoders.metricsSummary,
  operatorRaft: decoders.raftConfiguration,
  operatorScheduler: decoders.schedulerConfiguration,
  autopilotConfig: decoders.autopilotConfiguration,
  license: anything,
} as const;

/** Goroutine sources of a round, least detailed first: debug=2 has wait states and creators. */
const GOROUTINE_KINDS = ['goroutine', 'goroutineDebug1', 'goroutineDebug2'] as const;
const BEST_GOROUTINE_RANK = GOROUTINE_KINDS.length - 1;

/** A goroutine source's place in GOROUTINE_KINDS; undefined for other profiles. */
function goroutineRank(kind: string): number | undefined {
  const rank = (GOROUTINE_KINDS as readonly string[]).indexOf(kind);
  return rank < 0 ? undefined : rank;
}

/** The key of an agent's pprof round ("client/abc|0"). */
function roundKey(dir: string, round: number): string {
  return `${dir}|${round}`;
}

function isTextDump(kind: string): boolean {
  return kind === 'goroutineDebug1' || kind === 'goroutineDebug2';
}

/** How to parse a profile or goroutine dump; undefined for any other file (and measured-only profiles). */
function pprofJob(route: Route): ProfileJob | undefined {
  if (route.area !== 'agent' || route.file.what !== 'pprof' || isMeasuredPprof(route.file.kind)) return undefined;
  const rank = goroutineRank(route.file.kind);
  const text = isTextDump(route.file.kind);
  if (rank === undefined) return { text, lesser: false };
  return { text, round: roundKey(route.dir, route.file.round), lesser: rank < BEST_GOROUTINE_RANK };
}

/** A view of the same bytes as a Buffer (the event counter's decoder takes Buffers). */
function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Builds a Bundle from in-memory (archive path, content) entries, profiles parsed here: for tests and small inputs. */
export function buildBundle(entries: Iterable<readonly [string, Uint8Array | string]>, options?: BuilderOptions): Bundle {
  const builder = new BundleBuilder(options);
  for (const [path, content] of entries) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    const plan = builder.accept(path, bytes.length);
    if (plan?.as === 'stream') {
      plan.sink.push(bytes);
      plan.sink.end();
    } else if (plan?.as === 'whole') plan.apply(bytes);
    else if (plan?.as === 'profile') parseProfileHere(builder, plan.rel, plan.job, bytes);
  }
  return builder.build();
}

/** Parses a profile on this thread, unless its round already keeps a goroutine source at least as detailed. */
export function parseProfileHere(target: ProfileTarget, rel: string, job: ProfileJob, bytes: Uint8Array): void {
  if (target.goroutineWanted(rel)) target.addPprofOutcome(rel, parsePprofEntry(rel, job.text, bytes));
}
