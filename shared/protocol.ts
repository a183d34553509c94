// Protocol types shared by the VS Code client and the language server: the custom requests and the
// trace result shape (the same object `packetwalk trace --format json` prints). Types only: this file
// must not import anything but other protocol types, so the client never pulls in the engine.

export type Verdict = 'reachable' | 'blocked' | 'unknown';
export type Direction = 'forward' | 'return';
export type Decision = 'pass' | 'drop' | 'unknown';

/** A port in a header: a number, or a range when only a range is known (ephemeral ports, NAT remapping). */
export type HeaderPort = number | { from: number; to: number };

export interface PacketHeader {
  /** An address, a CIDR ("some address in 10.0.1.0/24"), or "internet". */
  src: string;
  srcPort: HeaderPort | null;
  dst: string;
  dstPort: HeaderPort | null;
  protocol: string;
}

export interface OffsetRange {
  start: number;
  end: number;
}

export interface Hop {
  resource: string;
  type: string;
  direction: Direction;
  /** For implicit elements (main route table, default NACL…): which one, named by the resource that implies it. */
  element?: string;
  /** For a network ACL hop: whether its inbound or its outbound rules decided. */
  side?: NaclSide;
  in: PacketHeader;
  out: PacketHeader;
  decision: Decision;
  /** The rule or route that decided: "rule 100 allow tcp 443 from 0.0.0.0/0", "0.0.0.0/0 → NatGw". */
  rule: string;
  code: string;
  reason: string;
  range: OffsetRange;
  /**
   * Set on every hop walked after the first drop of its trace: the walk goes on past a drop only to find
   * further blockers, so such a hop (even a "pass") says nothing about a packet that got through.
   */
  afterDrop?: true;
  /** When stacks are analysed together: the stack that defines the hop's element, and its template (range is in that file). */
  stack?: string;
  file?: string;
}

export type NaclSide = 'inbound' | 'outbound';

export interface BlockingPoint {
  resource: string;
  direction: Direction;
  code: string;
  message: string;
  element?: string;
  /** For a network ACL: the side whose rules drop the packet (each side is a separate fix). */
  side?: NaclSide;
  /** For a network ACL: the subnet whose boundary it guards there (one NACL can serve several subnets). */
  subnet?: string;
  range?: OffsetRange;
  /** When stacks are analysed together: the stack and template of the element (range is in that file). */
  stack?: string;
  file?: string;
}

export interface TraceResult {
  verdict: Verdict;
  blockedAt: BlockingPoint | null;
  blockers: BlockingPoint[];
  assumptions: string[];
  hops: Hop[];
}

/** Params of the `packetwalk/traceFlow` request (and the optional argument of the `packetwalk.traceFlow` command). */
export interface TraceFlowParams {
  uri: string;
  from: string;
  to: string;
  protocol?: 'tcp' | 'udp' | 'icmp' | 'all';
  port?: number | string;
  sourcePort?: number;
  sourceIp?: string;
  /** 6 walks the flow over IPv6 (`internet` is then the IPv6 internet); default 4, or 6 when an end is an IPv6 address. */
  ipVersion?: 4 | 6;
  /** Parameter overrides for this trace. */
  params?: Record<string, string>;
}

export const TraceFlowRequest = 'packetwalk/traceFlow';
export const EndpointsRequest = 'packetwalk/endpoints';

export interface EndpointsParams {
  uri: string;
}

export interface EndpointInfo {
  /** The name to use in a flow: the construct path (shortened, `AppStack/Db`) for a CDK resource, else the logical ID. */
  id: string;
  type: string;
  label: string;
  /** The resource's logical ID, when `id` is its construct path. */
  logicalId?: string;
}

/** Server → client notification after each analysis: the flow summary shown in the status bar. */
export const FlowSummaryNotification = 'packetwalk/flowSummary';
export interface FlowSummary {
  uri: string;
  version: number | null;
  /** False when the document is not a CloudFormation template (the client hides its status item). */
  isTemplate: boolean;
  total: number;
  asExpected: number;
  /** Declared flows whose verdict differs from their expectation (blocked, or exposed when expected blocked). */
  failing: number;
  unknown: number;
  /** True while the document does not parse and the results shown are from the last text that did. */
  stale: boolean;
}

/**
 * Client → server request: the text edits that add a flow to the template's
 * `Metadata: PacketWalk: Flows` (creating the keys when missing), in the document's own syntax (YAML or JSON).
 */
export const FlowDeclarationEditRequest = 'packetwalk/flowDeclarationEdit';
export interface FlowDeclarationEditParams {
  uri: string;
  flow: { name?: string; from: string; to: string; protocol: string; port?: number | string; expect?: 'reachable' | 'blocked' };
}
export interface DeclarationTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Command ids the server may put in code lenses; the VS Code client implements them. */
export const TraceFlowCommand = 'packetwalk.traceFlow';

/** A flow's outcome on one side of a comparison. */
export interface FlowOutcome {
  verdict: Verdict;
  blockedAt: { resource: string; direction: Direction; code: string; message: string } | null;
}

/**
 * One flow (declared or implied) whose verdict or path differs between two versions of a template
 * (`packetwalk diff`, the editor's Compare with HEAD). A flow present on one side only has `null` on the other.
 */
export interface FlowChange {
  name: string;
  implied: boolean;
  /** What the flow is expected to do (implied flows are expected reachable), on the newer side when it has the flow. */
  expect: 'reachable' | 'blocked';
  /** The template the flow belongs to (relative path), when several were compared. */
  file?: string;
  before: FlowOutcome | null;
  after: FlowOutcome | null;
  /** The first hop that differs, in words ("forward hop 4: NACL DbNacl pass → drop (SUBNET_ACL_RESTRICTION)"). */
  changedHop: string | null;
}

export interface ResourceChange {
  id: string;
  type: string;
  change: 'added' | 'removed' | 'modified';
  file?: string;
}

export interface ReachabilityDiff {
  resources: ResourceChange[];
  flows: FlowChange[];
}

/** The answer to packetwalk/compare: the diff, and the same as markdown (what `packetwalk diff --format markdown` prints). */
export interface CompareResult extends ReachabilityDiff {
  markdown: string;
}

/** Client → server: compare the open document with an earlier text of it (the client reads `git show HEAD:path`). */
export const CompareRequest = 'packetwalk/compare';
export interface CompareParams {
  uri: string;
  /** The earlier text; null when the file is new (every flow is then added). */
  baseText: string | null;
  /** What the earlier text is, for messages ("HEAD"). */
  baseLabel?: string;
}

/**
 * Client → server request: the hover on a line of CDK application code (TypeScript, JavaScript, Python…)
 * where the server publishes a finding from the cloud assembly: the traces of the flows it is about.
 * Answers null where there is none.
 */
export const SourceHoverRequest = 'packetwalk/sourceHover';
export interface SourceHoverParams {
  uri: string;
  position: { line: number; character: number };
}
export interface SourceHoverResult {
  markdown: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
