// The record of one pair walk: every decision point is a hop, every drop is also a blocking point, and
// every assumption the walk makes is kept once. Element files (route-table.ts, nat-gateway.ts…) decide;
// this file only records what they decided.
import type { Origin } from '../model/types';
import type { BlockingPoint, Decision, Direction, Hop, NaclSide } from '../../../shared/protocol';
import type { Range } from '../template/located';
import { toHeader, type Packet } from './packet';

/** The element a hop is recorded at: the resource (and implicit element) the editor points to. */
export interface HopAt {
  resource: string;
  type: string;
  element?: string;
  range: Range;
  /** For a network ACL hop: the side whose rules decided. */
  side?: NaclSide;
  /** For a network ACL hop: the subnet whose boundary it guards. */
  subnet?: string;
}

/** What a blocking point names when it is not the hop's element (the deny entry, the endpoint without a public IP…). */
export interface Blame {
  resource: string;
  element?: string;
  range: Range;
}

export interface HopRecord {
  at: HopAt;
  direction: Direction;
  /** The packet as it reaches the element. */
  in: Packet;
  /** The packet as it leaves the element; omitted when the element changes nothing. */
  out?: Packet;
  decision: Decision;
  /** The rule or route that decided. */
  rule?: string;
  /** The explanation code (docs/codes.md); empty for a plain pass. */
  code?: string;
  reason: string;
  /** Who the blocking point names, when it is not `at`. */
  blame?: Blame;
  /**
   * The decision depends on the packet's ports (a network ACL, security groups, a load balancer's
   * listeners, the port a reserved service answers on). Every other decision of a walk is the same
   * whatever the ports: partial.ts relies on it.
   */
  byPorts?: true;
}

export interface UnknownRecord {
  at: HopAt;
  direction: Direction;
  packet: Packet;
  reason: string;
  /** The range that holds the undecided value (defaults to `at.range`). */
  range?: Range;
  code?: string;
}

/** Where a hop at a template resource points: an implicit element is shown at its VPC. */
export function hopAt(origin: Origin, type: string, range?: Range): HopAt {
  return { resource: origin.resource, type: origin.element ? 'AWS::EC2::VPC' : type, element: origin.element, range: range ?? origin.range };
}

export interface PairResult {
  hops: Hop[];
  blockers: BlockingPoint[];
  unknown: boolean;
  assumptions: string[];
  label: string;
  /** A drop whose decision does not depend on the ports (see HopRecord.byPorts): only set when there is one. */
  portFreeDrop?: true;
}

export class HopRecorder {
  readonly hops: Hop[] = [];
  readonly blockers: BlockingPoint[] = [];
  readonly assumptions: string[] = [];
  unknown = false;
  private portFreeDrop = false;

  result(label: string): PairResult {
    // assume() is the only writer and keeps the texts distinct: no Set (hashing every long text) is needed.
    const r: PairResult = { hops: this.hops, blockers: this.blockers, unknown: this.unknown, assumptions: this.assumptions.slice(), label };
    if (this.portFreeDrop) r.portFreeDrop = true;
    return r;
  }

  assume(text: string): void {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }

  record(r: HopRecord): void {
    const o = r.at;
    // Most hops change nothing in the packet: then `in` and `out` are one header (headers are never
    // changed once made), rendered once.
    const inHeader = toHeader(r.in);
    const outHeader = r.out === undefined || r.out === r.in ? inHeader : toHeader(r.out);
    const h: Hop = { resource: o.resource, type: o.type, direction: r.direction, in: inHeader, out: outHeader, decision: r.decision, rule: r.rule ?? '', code: r.code ?? '', reason: r.reason, range: o.range };
    if (o.element) h.element = o.element;
    if (o.side) h.side = o.side;
    // After the first drop the walk only looks for further blockers: every later hop says so.
    if (this.blockers.length > 0) h.afterDrop = true;
    this.hops.push(h);
    if (r.decision === 'drop') {
      if (!r.byPorts) this.portFreeDrop = true;
      const b = r.blame ?? { resource: o.resource, element: o.element, range: o.range };
      const bp: BlockingPoint = { resource: b.resource, direction: r.direction, code: h.code, message: r.reason, range: b.range };
      if (b.element) bp.element = b.element;
      if (o.side) bp.side = o.side;
      if (o.subnet) bp.subnet = o.subnet;
      this.blockers.push(bp);
    }
    if (r.decision === 'unknown') this.unknown = true;
  }

  /** A decision the template leaves open: an `unknown` hop at the range holding the undecided value. */
  recordUnknown(u: UnknownRecord): void {
    const at = u.range ? { ...u.at, range: u.range } : u.at;
    this.record({ at, direction: u.direction, in: u.packet, decision: 'unknown', code: u.code ?? 'ASSUMPTION_UNRESOLVED_VALUE', reason: u.reason });
  }
}
