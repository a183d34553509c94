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
  /** Parameter overrides for this trace. */
  params?: Record<string, string>;
}

export const TraceFlowRequest = 'packetwalk/traceFlow';
export const EndpointsRequest = 'packetwalk/endpoints';

export interface EndpointsParams {
  uri: string;
}

export interface EndpointInfo {
  id: string;
  type: string;
  label: string;
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
