// Where a finding goes: on the smallest range a person edits to fix it, never on a multi-line body.
// The walk blames a model element (a NACL, a NACL entry, a security group, a route table, an endpoint)
// and carries that element's whole range; here that range is narrowed to the line to change:
// - the NACL entry that decides (its PortRange, else its CidrBlock);
// - a NACL whose implicit deny decides: its logical-ID key, with each entry of that side that almost
//   matched (same protocol) as related information;
// - a security group that admits nothing: the rule list of that direction (or its logical-ID key), with
//   its rules of that direction as related information;
// - a route table without the route: its logical-ID key; a route: its target property;
// - an endpoint without a public address: AssociatePublicIpAddress, else its subnet's
//   MapPublicIpOnLaunch, else its SubnetId;
// - anything else: a resource's whole map becomes its logical-ID key, a map or list node its first entry.
import type { BlockingPoint, Hop } from '../../../shared/protocol';
import { get, getEntry, type LEntry, type LMap, type LNode, type ParseResult, type Range } from '../template/located';
import { isUnknown, type NetworkModel, type NaclEntry } from '../model/types';
import { formatPorts, protocolName } from '../net/ports';
import { formatCidr } from '../net/ip';
import type { FlowResult, RelatedLocation } from './types';

export interface Place {
  range: Range;
  related: RelatedLocation[];
}

/** Names the lines of a template by resource and property. */
export class TemplatePlaces {
  private readonly resources: LMap | undefined;
  // Built on first use: a template of thousands of resources with hundreds of findings otherwise scans
  // every resource (and every NACL entry and route) once per finding.
  private byId?: Map<string, LEntry>;
  private byStart?: Map<number, LEntry>;
  private naclEntries?: Map<string, NaclEntry>;
  private routeResources?: Set<string>;
  private sorted?: boolean;

  constructor(
    private readonly parse: ParseResult,
    private readonly model: NetworkModel | null,
  ) {
    const r = get(parse.root, 'Resources');
    this.resources = r?.kind === 'map' ? r : undefined;
  }

  private resourceEntry(id: string): LEntry | undefined {
    if (!this.resources) return undefined;
    if (!this.byId) {
      // The last of two equal keys wins, as in getEntry.
      this.byId = new Map();
      for (const e of this.resources.entries) this.byId.set(e.key, e);
    }
    return this.byId.get(id);
  }

  /** The resource whose key or whole map starts at `start`, in text order (the first one wins). */
  private resourceAt(start: number): LEntry | undefined {
    if (!this.byStart) {
      this.byStart = new Map();
      for (const e of this.resources?.entries ?? []) {
        if (!this.byStart.has(e.value.range.start)) this.byStart.set(e.value.range.start, e);
        if (!this.byStart.has(e.keyRange.start)) this.byStart.set(e.keyRange.start, e);
      }
    }
    return this.byStart.get(start);
  }

  /** The resource whose map holds `range` (resources are in text order, so a binary search finds it). */
  private holderOf(range: Range): LEntry | undefined {
    const entries = this.resources?.entries ?? [];
    if (this.sorted === undefined) this.sorted = entries.every((e, i) => i === 0 || entries[i - 1].value.range.end <= e.value.range.start);
    if (!this.sorted) return entries.find((e) => e.value.range.start <= range.start && range.end <= e.value.range.end);
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = entries[mid].value.range;
      if (r.end < range.start) lo = mid + 1;
      else if (r.start > range.start) hi = mid - 1;
      else return range.end <= r.end ? entries[mid] : undefined;
    }
    return undefined;
  }

  /** The logical-ID key of a resource: one line. */
  keyOf(id: string): Range | undefined {
    return this.resourceEntry(id)?.keyRange;
  }

  /**
   * A property's one-line place: key and value when the value is a scalar (`CidrBlock: 10.0.1.0/24`),
   * the key alone when it is a map or a list (whose body may span lines). Read from the tree only: the
   * live analysis analyses parts of a template whose text it does not keep, and must place alike.
   */
  propertyLine(id: string, ...path: string[]): Range | undefined {
    let node = get(this.resourceEntry(id)?.value, 'Properties');
    let entry: LEntry | undefined;
    for (const key of path) {
      if (!node || node.kind !== 'map') return undefined;
      entry = getEntry(node, key);
      node = entry?.value;
    }
    return entry ? entryLine(entry) : undefined;
  }

  /**
   * A range that may span lines, made one line: a resource's whole map becomes its key; a map or list
   * node (a flow declaration, a rule) its first entry. Other ranges are kept.
   */
  oneLine(range: Range): Range {
    const at = this.resourceAt(range.start);
    if (at && ((at.value.range.start === range.start && at.value.range.end === range.end) || at.keyRange.start === range.start)) return at.keyRange;
    const holder = this.holderOf(range);
    const found = holder ? nodeAt(holder.value, range) : this.flowNode(range);
    return found ? firstEntryLine(found) : range;
  }

  /** A flow declaration of the template's own Metadata with exactly this range. */
  private flowNode(range: Range): LNode | undefined {
    const flows = get(get(get(this.parse.root, 'Metadata'), 'PacketWalk'), 'Flows');
    return flows ? nodeAt(flows, range) : undefined;
  }

  /** The place of one blocking point of the flows `flows`. */
  placeOf(point: BlockingPoint, flows: readonly FlowResult[]): Place {
    const fallback = point.range ?? flows[0]?.flow.origin.range ?? { start: 0, end: 0 };
    const model = this.model;
    if (model && !point.element) {
      const acl = model.index.networkAcl?.get(point.resource) ?? model.networkAcls.find((a) => a.id === point.resource);
      if (acl && point.side) return this.naclImplicitDeny(point, flows, acl.entries);
      const entry = this.naclEntry(model, point.resource);
      if (entry) return { range: this.entryLine(entry), related: [] };
      if (point.code === 'ENI_SG_RULES_MISMATCH' && model.index.securityGroup.has(point.resource)) return this.securityGroup(point, flows);
      if (/PUBLIC_IP|PUBLIC_ADDRESS/.test(point.code) && model.index.endpoint.has(point.resource)) return { range: this.publicAddress(point.resource) ?? this.oneLine(fallback), related: [] };
      if (this.isRoute(model, point.resource)) return { range: this.routeTarget(point.resource) ?? this.oneLine(fallback), related: [] };
    }
    return { range: this.oneLine(fallback), related: [] };
  }

  /** A NACL entry resource (not one written inline), by its logical ID. */
  private naclEntry(model: NetworkModel, id: string): NaclEntry | undefined {
    if (!this.naclEntries) {
      this.naclEntries = new Map();
      for (const a of model.networkAcls) for (const e of a.entries) if (!e.origin.element && !this.naclEntries.has(e.id)) this.naclEntries.set(e.id, e);
    }
    return this.naclEntries.get(id);
  }

  /** Whether a route resource (not a route written inline) has this logical ID. */
  private isRoute(model: NetworkModel, id: string): boolean {
    if (!this.routeResources) {
      this.routeResources = new Set();
      for (const t of model.routeTables) for (const r of t.routes) if (!r.origin.element) this.routeResources.add(r.origin.resource);
    }
    return this.routeResources.has(id);
  }

  private entryLine(e: NaclEntry): Range {
    return this.propertyLine(e.id, 'PortRange') ?? this.propertyLine(e.id, 'CidrBlock') ?? this.propertyLine(e.id, 'Ipv6CidrBlock') ?? this.oneLine(e.origin.range);
  }

  private naclImplicitDeny(point: BlockingPoint, flows: readonly FlowResult[], entries: readonly NaclEntry[]): Place {
    const egress = point.side === 'outbound';
    const hop = dropHop(flows, point);
    const proto = hop ? hop.in.protocol : undefined;
    const dropped = hop ? `the dropped ${hop.in.protocol}${portWords(egress ? hop.in.dstPort : hop.in.dstPort)} ${egress ? 'to' : 'from'} ${egress ? hop.in.dst : hop.in.src}` : 'the dropped packet';
    const related: RelatedLocation[] = [];
    for (const e of entries) {
      if (e.egress !== egress || e.origin.element || e.exists !== 'yes' || isUnknown(e.action) || e.action !== 'allow') continue;
      const p = isUnknown(e.protocol) ? undefined : protocolName(e.protocol);
      if (proto && p && p !== 'all' && p !== proto) continue;
      const ports = e.ports && !isUnknown(e.ports) ? ` ${formatPorts(e.ports)}` : '';
      const cidr = isUnknown(e.cidr) ? 'an unknown CIDR' : formatCidr(e.cidr);
      const rule = isUnknown(e.ruleNumber) ? '?' : String(e.ruleNumber);
      related.push({ range: this.entryLine(e), message: `almost matched: ${e.id} (rule ${rule}) allows ${p ?? '?'}${ports} ${egress ? 'to' : 'from'} ${cidr}, not ${dropped}` });
    }
    return { range: this.keyOf(point.resource) ?? this.oneLine(point.range ?? { start: 0, end: 0 }), related };
  }

  private securityGroup(point: BlockingPoint, flows: readonly FlowResult[]): Place {
    // The walk says which way the packet went in its reason ("leaving it" for the egress rules).
    const hop = dropHop(flows, point);
    const egress = /leaving it/.test(hop?.reason ?? point.message);
    const list = egress ? 'SecurityGroupEgress' : 'SecurityGroupIngress';
    const related: RelatedLocation[] = [];
    const sg = this.model?.index.securityGroup.get(point.resource);
    for (const rule of sg?.rules ?? []) {
      if (rule.direction !== (egress ? 'egress' : 'ingress') || rule.placeholder) continue;
      related.push({ range: this.oneLine(rule.origin.range), message: `${rule.direction} rule of ${point.resource}: it does not admit the packet` });
    }
    return { range: this.propertyLine(point.resource, list) ?? this.keyOf(point.resource) ?? this.oneLine(point.range ?? { start: 0, end: 0 }), related };
  }

  private publicAddress(endpoint: string): Range | undefined {
    const res = this.resourceEntry(endpoint)?.value;
    const nics = get(get(res, 'Properties'), 'NetworkInterfaces');
    if (nics?.kind === 'seq') {
      for (const nic of nics.items) {
        const e = nic.kind === 'map' ? getEntry(nic, 'AssociatePublicIpAddress') : undefined;
        if (e) return entryLine(e);
      }
    }
    const placement = this.model?.index.endpoint.get(endpoint)?.placements[0];
    const subnet = placement && !isUnknown(placement.subnet) ? placement.subnet : undefined;
    return (subnet ? this.propertyLine(subnet, 'MapPublicIpOnLaunch') : undefined) ?? this.propertyLine(endpoint, 'SubnetId') ?? this.keyOf(endpoint);
  }

  private routeTarget(route: string): Range | undefined {
    for (const key of ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'NetworkInterfaceId', 'InstanceId', 'VpcEndpointId', 'EgressOnlyInternetGatewayId']) {
      const r = this.propertyLine(route, key);
      if (r) return r;
    }
    return this.keyOf(route);
  }
}

function entryLine(e: LEntry): Range {
  const v = e.value;
  // A scalar, or one intrinsic of a scalar (`!Ref PublicSubnet`, `{"Ref": "PublicSubnet"}`), is one line.
  const oneLine = v.kind === 'scalar' || (v.kind === 'map' && v.entries.length === 1 && v.entries[0].value.kind === 'scalar' && /^(Ref|Fn::\w+)$/.test(v.entries[0].key));
  return oneLine ? { start: e.keyRange.start, end: Math.max(e.keyRange.end, v.range.end) } : e.keyRange;
}

/** The first entry of a map (the first item of a list), as one line; a scalar is itself. */
function firstEntryLine(node: LNode): Range {
  if (node.kind === 'map' && node.entries.length > 0) return entryLine(node.entries[0]);
  if (node.kind === 'seq' && node.items.length > 0) return firstEntryLine(node.items[0]);
  return node.range;
}

/** The node under `root` whose range is exactly `range` (the outermost one). */
function nodeAt(root: LNode, range: Range): LNode | undefined {
  if (root.range.start === range.start && root.range.end === range.end) return root;
  if (root.range.start > range.start || root.range.end < range.end) return undefined;
  const children = root.kind === 'map' ? root.entries.map((e) => e.value) : root.kind === 'seq' ? root.items : [];
  for (const c of children) {
    const hit = nodeAt(c, range);
    if (hit) return hit;
  }
  return undefined;
}

function dropHop(flows: readonly FlowResult[], point: BlockingPoint): Hop | undefined {
  for (const f of flows) {
    const h = f.trace.hops.find((x) => x.decision === 'drop' && x.direction === point.direction && x.code === point.code && (x.resource === point.resource || x.side === point.side));
    if (h) return h;
  }
  return undefined;
}

function portWords(port: Hop['in']['dstPort']): string {
  if (port === null || port === undefined) return '';
  return typeof port === 'number' ? ` ${port}` : ` ${port.from === port.to ? port.from : `${port.from}-${port.to}`}`;
}
