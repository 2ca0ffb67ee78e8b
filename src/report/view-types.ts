// The report's view model: plain objects and strings only (handlebars blocks prototype
// properties and runs in strict mode, so every field is always present; absent is null).
// Strings here are raw text: the templates escape them. The only pre-built HTML is SVG our own
// code made (fields named `svg`), with every piece of bundle text escaped.

export interface Fact {
  label: string;
  value: string;
  /** CSS modifier: "bad", "warn", "ok" or "". */
  cls: string;
}

export interface SectionState {
  /** "Not in this bundle: …" when the data is absent (normal for Nomad's own bundles). */
  missing: string | null;
  /** Set when odd data made the section builder fail; the rest of the report still renders. */
  error: string | null;
}

export interface NavItem {
  id: string;
  label: string;
  badge: string | null;
  cls: string;
}

export interface SeverityCount {
  severity: string;
  label: string;
  count: number;
}

export interface SummaryView extends SectionState {
  facts: Fact[];
  severities: SeverityCount[];
  notEvaluated: number;
}

export interface EvidenceView {
  file: string;
  /** "/Members/2/Status" or "line 12", null when the whole file is the evidence. */
  where: string | null;
}

export interface FindingView {
  severity: string;
  check: string;
  subject: string;
  title: string;
  detail: string;
  /** The detail split on `backticks`: code parts render as <code>. */
  detailParts: { text: string; code: boolean }[];
  evidence: EvidenceView[];
  evidenceMore: number;
}

export interface FindingGroup {
  severity: string;
  label: string;
  count: number;
  items: FindingView[];
  more: number;
  /** Info findings start folded when there are critical or warning ones to read first. */
  open: boolean;
}

export interface FindingsView extends SectionState {
  total: number;
  filters: SeverityCount[];
  groups: FindingGroup[];
  notEvaluated: { check: string; reason: string }[];
}

/** A table cell with a status colour. */
export interface Cell {
  text: string;
  cls: string;
}

export interface MemberRow {
  name: string;
  address: string;
  status: Cell;
  version: string;
  dc: string;
  leader: boolean;
  voter: string;
  autopilot: Cell;
  health: Cell;
  findings: number;
}

export interface MembersView extends SectionState {
  source: string | null;
  rows: MemberRow[];
  /** Past the first rows, for the collapsed "and N more" list. */
  rest: MemberRow[];
  more: number;
}

export interface ClientRow {
  name: string;
  id: string;
  status: Cell;
  eligibility: Cell;
  drain: Cell;
  version: string;
  dc: string;
  pool: string;
  disk: Cell;
  health: Cell;
  findings: number;
}

export interface ClientsView extends SectionState {
  source: string | null;
  total: number;
  counts: Fact[];
  rows: ClientRow[];
  /** Past the first rows, for the collapsed "and N more" list. */
  rest: ClientRow[];
  more: number;
}

export interface SecretsView extends SectionState {
  leaks: { subject: string; title: string; file: string }[];
  /** Agents whose environment arrived with the same names redacted, one row per set of names. */
  redactedNames: { agents: string; count: number; names: string; file: string }[];
  /** The collector's redactions by field and rule, with how many files and one of them. */
  redactions: { field: string; rule: string; files: number; example: string }[];
  redactionsMore: number;
  /** "manifest.json" or null for bundles without a manifest. */
  manifest: string | null;
}

export interface SchedulerRow {
  server: string;
  workers: string;
  running: number;
  paused: number;
  other: number;
  enabled: string;
  configured: string;
  cls: string;
  file: string;
}

export interface SchedulersView extends SectionState {
  rows: SchedulerRow[];
  more: number;
  config: Fact[];
  configFile: string | null;
}

export interface FunctionRow {
  name: string;
  flat: string;
  flatPct: string;
  cum: string;
  cumPct: string;
  /** 0–100, for the inline bar. */
  bar: number;
}

export interface GoroutineGroupView {
  count: number;
  state: string;
  fn: string;
  stack: string;
  idle: boolean;
}

export interface AgentProfileView {
  anchor: string;
  agent: string;
  kind: string;
  why: string;
  cpu: { file: string; total: string; top: FunctionRow[]; svg: string | null; pruned: string } | null;
  heap: { file: string; inuse: string; top: FunctionRow[] } | null;
  goroutines: { file: string; total: string; groups: GoroutineGroupView[]; more: number } | null;
}

export interface ProfileOverviewRow {
  anchor: string | null;
  agent: string;
  kind: string;
  rounds: number;
  cpu: string;
  heap: string;
  goroutines: string;
}

export interface ProfilesView extends SectionState {
  overview: ProfileOverviewRow[];
  overviewMore: number;
  agents: AgentProfileView[];
}

export interface LogAgentRow {
  agent: string;
  /** "capture" (monitor.log) or "history from <time>" (monitor_export.log before monitor.log began). */
  source: string;
  file: string;
  lines: string;
  error: Cell;
  warn: Cell;
  info: number;
  debug: number;
  trace: number;
  unparsed: number;
  streamError: string;
}

export interface LogMessageRow {
  level: string;
  module: string;
  message: string;
  count: number;
  agents: string;
  first: string;
}

export interface LogsView extends SectionState {
  agents: LogAgentRow[];
  /** Past the first rows, for the collapsed "and N more" list. */
  agentsRest: LogAgentRow[];
  agentsMore: number;
  messages: LogMessageRow[];
  /** Errors and warnings of all agents on one time axis (SVG we built, labels escaped), or null. */
  timeline: { svg: string; from: string; to: string; bucket: string; more: number } | null;
}

export interface EventRow {
  index: number;
  time: string;
  topic: string;
  type: string;
  subject: string;
  what: string;
  /** bad: trouble (node lost, allocation failed, deployment failed); warn: a change. */
  cls: string;
  /** Line in the event stream file. */
  line: number;
}

export interface EventsView extends SectionState {
  source: string | null;
  total: string;
  facts: Fact[];
  /** Node, Allocation, Deployment and Job events on one time axis (SVG we built, labels escaped), or null. */
  timeline: { svg: string; from: string; to: string; bucket: string; untimed: number } | null;
  /** Trouble and changes, in stream order. */
  rows: EventRow[];
  more: number;
}

export interface ChartView {
  title: string;
  metric: string;
  svg: string;
}

export interface MetricsView extends SectionState {
  intervals: number;
  charts: ChartView[];
  /** Every agent's own metrics (metrics_NNNN.json): agents counted, the leader named, their charts. */
  perAgent: { agents: number; leader: string | null; charts: ChartView[] };
}

export interface CoverageView extends SectionState {
  totals: Fact[];
  targets: { target: string; total: number; ok: number; failed: number; timeout: number; skipped: number; codes: string; cls: string }[];
  targetsMore: number;
  skippedTargets: { id: string; reason: string }[];
  failed: { path: string; endpoint: string; target: string; code: string; error: string }[];
  failedMore: number;
  /** Caps hit while reading or collecting (TOO_LARGE, TOO_MANY, TOO_DEEP), listed first: what the bundle held but this report could not read. */
  limits: { file: string; code: string; reason: string }[];
  gaps: { file: string; code: string; reason: string }[];
  gapsMore: number;
}

export interface ConsulMemberRow {
  name: string;
  address: string;
  role: string;
  status: string;
  cls: string;
}

export interface ConsulCheckRow {
  name: string;
  status: string;
  cls: string;
  service: string;
  /** The Nomad agent the check is about, when the bundle tells. */
  nomadAgent: string;
  output: string;
}

export interface ConsulView extends SectionState {
  facts: Fact[];
  members: ConsulMemberRow[];
  membersMore: number;
  checks: ConsulCheckRow[];
  checksMore: number;
  files: string[];
}

export interface VaultView extends SectionState {
  facts: Fact[];
  file: string | null;
}

export interface ReportView {
  title: string;
  bundleName: string;
  generatedAt: string;
  tool: string;
  nav: NavItem[];
  summary: SummaryView;
  findings: FindingsView;
  members: MembersView;
  clients: ClientsView;
  secrets: SecretsView;
  schedulers: SchedulersView;
  consul: ConsulView;
  vault: VaultView;
  profiles: ProfilesView;
  logs: LogsView;
  events: EventsView;
  metrics: MetricsView;
  coverage: CoverageView;
}
