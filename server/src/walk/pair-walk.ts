// The walk of one (source placement, destination placement) pair: forward path, then the return path,
// hop by hop, as an engineer does it by hand in the console. Every decision point is a hop; a drop does
// not stop the walk (the packet continues as if it had passed) so that every blocking point is found.
import { formatPorts, protocolName, type PortRange } from '../net/ports';
import { isPrivateSpace, parseCidr } from '../net/ip';
import { isUnknown, type InternetGateway, type NatGateway, type NetworkModel, type Origin, type Placement, type Route, type RouteTable, type Subnet } from '../model/types';
import type { BlockingPoint, Decision, Direction, Hop, NaclSide } from '../../../shared/protocol';
import type { Range } from '../template/located';
import { addrCidr, addrFamily, formatAddr, isHost, isPublicSet } from './addresses';
import { entryText, evaluateNacl } from './nacl';
import { describePorts, reply, subtract as subtractPorts, toHeader, type Packet } from './packet';
import { lookupRoute, routeText } from './routes';
import { evaluateSecurityGroups } from './security-groups';
import type { Addr, Side, WalkSettings } from './types';

type PlacementSide = Extract<Side, { kind: 'placement' }>;

export interface PairResult {
  hops: Hop[];
  blockers: BlockingPoint[];
  unknown: boolean;
  assumptions: string[];
  label: string;
}

const NAT_PORTS: PortRange = { from: 1024, to: 65535 };
const INTERNET_CLIENT_PORTS: PortRange = { from: 1024, to: 65535 };

/**
 * The first internet gateway (in model order) with a known attachment to each VPC, built once per model:
 * every walk from the internet asks, and a scan of every gateway's attachments per walk (with a closure
 * per gateway) was the largest source of garbage in the walk. Keyed by the gateway list, which the model
 * never changes once built; its length is checked all the same.
 */
const igwByVpc = new WeakMap<InternetGateway[], { length: number; byVpc: Map<string, InternetGateway> }>();

function attachedInternetGateway(model: NetworkModel, vpc: string): InternetGateway | undefined {
  const list = model.internetGateways;
  let cached = igwByVpc.get(list);
  if (!cached || cached.length !== list.length) {
    const byVpc = new Map<string, InternetGateway>();
    for (const g of list) {
      for (const a of g.attachments) if (!isUnknown(a.vpc) && !byVpc.has(a.vpc)) byVpc.set(a.vpc, g);
    }
    cached = { length: list.length, byVpc };
    igwByVpc.set(list, cached);
  }
  return cached.byVpc.get(vpc);
}

interface Blame {
  resource: string;
  element?: string;
  range: Range;
}

export class PairWalk {
  readonly hops: Hop[] = [];
  readonly blockers: BlockingPoint[] = [];
  readonly assumptions: string[] = [];
  unknown = false;

  constructor(
    private readonly model: NetworkModel,
    private readonly settings: WalkSettings,
  ) {}

  result(label: string): PairResult {
    // assume() is the only writer and keeps the texts distinct: no Set (hashing every long text) is needed.
    return { hops: this.hops, blockers: this.blockers, unknown: this.unknown, assumptions: this.assumptions.slice(), label };
  }

  assume(text: string): void {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }

  // ---- hop recording ------------------------------------------------------------------------------

  private hop(
    o: { resource: string; type: string; element?: string; range: Range; side?: NaclSide; subnet?: string },
    direction: Direction,
    inP: Packet,
    outP: Packet,
    decision: Decision,
    rule: string,
    code: string,
    reason: string,
    blame?: Blame,
  ): void {
    // Most hops change nothing in the packet: then `in` and `out` are one header (headers are never
    // changed once made), rendered once.
    const inHeader = toHeader(inP);
    const outHeader = outP === inP ? inHeader : toHeader(outP);
    const h: Hop = { resource: o.resource, type: o.type, direction, in: inHeader, out: outHeader, decision, rule, code, reason, range: o.range };
    if (o.element) h.element = o.element;
    if (o.side) h.side = o.side;
    this.hops.push(h);
    if (decision === 'drop') {
      const b = blame ?? { resource: o.resource, element: o.element, range: o.range };
      const bp: BlockingPoint = { resource: b.resource, direction, code, message: reason, range: b.range };
      if (b.element) bp.element = b.element;
      if (o.side) bp.side = o.side;
      if (o.subnet) bp.subnet = o.subnet;
      this.blockers.push(bp);
    }
    if (decision === 'unknown') this.unknown = true;
  }

  private unknownHop(o: { resource: string; type: string; element?: string; range: Range }, direction: Direction, p: Packet, reason: string, range: Range, code = 'ASSUMPTION_UNRESOLVED_VALUE'): void {
    this.hop({ ...o, range }, direction, p, p, 'unknown', '', code, reason);
  }

  private originRef(origin: Origin, type: string, range?: Range): { resource: string; type: string; element?: string; range: Range } {
    return { resource: origin.resource, type: origin.element ? 'AWS::EC2::VPC' : type, element: origin.element, range: range ?? origin.range };
  }

  // ---- lookups ------------------------------------------------------------------------------------

  private subnetOf(side: PlacementSide, direction: Direction, p: Packet): Subnet | null {
    const id = side.placement.subnet;
    if (isUnknown(id)) {
      this.unknownHop({ resource: side.endpoint, type: side.endpointType, range: id.range }, direction, p, `the subnet of ${side.endpoint} is unknown: ${id.reason}`, id.range);
      return null;
    }
    const s = this.model.index.subnet.get(id);
    if (!s) {
      this.unknownHop({ resource: side.endpoint, type: side.endpointType, range: side.placement.origin.range }, direction, p, `subnet ${id} of ${side.endpoint} is not in the model`, side.placement.origin.range);
      return null;
    }
    if (s.exists === 'unknown') this.assume(`subnet ${s.id} is assumed to exist (its Condition is not decided by the template)`);
    return s;
  }

  private vpcOfSubnet(s: Subnet): string | null {
    return isUnknown(s.vpc) ? null : s.vpc;
  }

  /** An unknown value the model recorded as an IPv6 property (AmazonProvidedIpv6CidrBlock, Ipv6CidrBlock…). */
  isIpv6Unknown(u: { range: Range }): boolean {
    return this.model.unknowns.some((m) => m.range.start === u.range.start && m.range.end === u.range.end && /ipv6/i.test(m.property));
  }

  // ---- security groups ----------------------------------------------------------------------------

  /** Security groups of a placement for a new connection (forward path). */
  sgCheck(side: PlacementSide, dir: 'egress' | 'ingress', p: Packet, peer: Placement | null): void {
    if (side.probe) {
      this.assume(`${formatAddr(side.addr)} in subnet ${side.endpoint} is a probe host: an address there with no security group`);
      return;
    }
    const pl = side.placement;
    if (pl.securityGroups.length === 0) {
      // No group at all (not even the VPC default): a NAT gateway cannot have one, an NLB may have none
      // (NAT gateway and NLB guides). Nothing filters the packet here; saying "no rule admits it" was wrong.
      this.assume(`${side.endpoint} has no security group (${side.kindOfEndpoint === 'nat-gateway' ? 'a NAT gateway cannot have one' : 'none is given, and this kind of endpoint then has none'}), so no security group filters its traffic`);
      return;
    }
    if (pl.usesDefaultSecurityGroup) this.assume(`${side.endpoint} names no security group, so it gets its VPC's default security group`);
    const v = evaluateSecurityGroups(this.model, pl.securityGroups, dir, p, peer, pl.origin.range);
    for (const a of v.assumptions) this.assume(a);
    const g = v.group;
    const o = g ? this.originRef(g.origin, 'AWS::EC2::SecurityGroup', v.range) : { resource: side.endpoint, type: side.endpointType, range: pl.origin.range };
    const plural = pl.securityGroups.length > 1;
    const label = `The security group${plural ? 's' : ''} of ${side.endpoint} (${pl.securityGroups.map((x) => (isUnknown(x) ? '?' : x)).join(', ')})`;
    const verb = v.decision === 'pass' ? (plural ? 'admit' : 'admits') : v.decision === 'drop' ? (plural ? 'drop' : 'drops') : plural ? 'may or may not admit' : 'may or may not admit';
    const reason = `${label} ${verb} the packet ${dir === 'egress' ? 'leaving' : 'entering'} it: ${v.detail}`;
    const blame = g ? { resource: g.origin.resource, element: g.origin.element, range: g.origin.range } : undefined;
    this.hop(o, 'forward', p, p, v.decision, v.rule, v.decision === 'drop' ? v.code : v.decision === 'unknown' ? 'ASSUMPTION_UNRESOLVED_VALUE' : '', reason, blame);
  }

  /** Security groups on the return path: stateful, the reply of an admitted connection passes. */
  sgStateful(side: PlacementSide, dir: 'egress' | 'ingress', p: Packet): void {
    if (side.probe || side.placement.securityGroups.length === 0) return;
    const first = side.placement.securityGroups.find((g) => !isUnknown(g));
    const g = first && !isUnknown(first) ? this.model.index.securityGroup.get(first) : undefined;
    const o = g ? this.originRef(g.origin, 'AWS::EC2::SecurityGroup') : { resource: side.endpoint, type: side.endpointType, range: side.placement.origin.range };
    this.hop(o, 'return', p, p, 'pass', 'stateful', '', `Security groups are stateful: the reply ${dir === 'egress' ? 'leaves' : 'reaches'} ${side.endpoint} because the connection was admitted, whatever the ${dir} rules say`);
  }

  // ---- load balancer listeners ---------------------------------------------------------------------

  /**
   * A load balancer accepts a connection only on a port one of its listeners has (Reachability Analyzer
   * ELBV2_LISTENER_PORT_RESTRICTION); a port range is all-or-nothing. Listeners whose port, protocol or
   * existence the template leaves open make the missing ports unknown, never admitted by guess.
   */
  listenerCheck(dst: PlacementSide, p: Packet): void {
    if (dst.kindOfEndpoint !== 'load-balancer' || !p.dstPorts || (p.protocol !== 6 && p.protocol !== 17)) return;
    const ep = this.model.index.endpoint.get(dst.endpoint);
    if (!ep || !ep.listeners) return;
    const o = { resource: ep.origin.resource, type: ep.type, range: ep.origin.range };
    let remaining: PortRange[] = [p.dstPorts];
    const used: string[] = [];
    const maybes: Array<{ r: PortRange; reason: string; range: Range }> = [];
    for (const l of ep.listeners) {
      if (l.protocols && !l.protocols.includes(p.protocol)) continue;
      const r: PortRange = l.port === undefined ? { from: 0, to: 65535 } : isUnknown(l.port) ? p.dstPorts : { from: l.port, to: l.port };
      const undecided = isUnknown(l.port) ? l.port.reason : l.exists === 'unknown' ? `listener ${l.id} is created only under a condition the template does not decide` : !l.protocols ? `the protocol of listener ${l.id} is not known` : undefined;
      if (undecided) {
        maybes.push({ r, reason: undecided, range: isUnknown(l.port) ? l.port.range : l.origin.range });
        continue;
      }
      const before = remaining.length;
      const next = subtractPorts(remaining, r);
      if (next.length !== before || next.some((x, i) => x.from !== remaining[i].from || x.to !== remaining[i].to)) used.push(`${l.id} (${r.from === r.to ? r.from : `${r.from}-${r.to}`})`);
      remaining = next;
    }
    const proto = protocolName(p.protocol);
    if (remaining.length === 0) {
      this.hop(o, 'forward', p, p, 'pass', used.join('; '), '', `load balancer ${ep.id} has a listener for ${proto} ${formatPorts(p.dstPorts)}: ${used.join('; ')}`);
      return;
    }
    let certain = remaining;
    for (const m of maybes) certain = subtractPorts(certain, m.r);
    if (certain.length === 0) {
      const m = maybes[0];
      this.unknownHop(o, 'forward', p, `whether load balancer ${ep.id} listens on ${proto} ${describePorts(remaining)} is unknown: ${m.reason}`, m.range);
      return;
    }
    const declared = ep.listeners.filter((l) => l.port !== undefined && !isUnknown(l.port)).map((l) => `${l.protocols ? l.protocols.map(protocolName).join('+') + ' ' : ''}${l.port}`);
    const have = ep.listeners.length === 0 ? 'the template declares no listener for it' : `its listeners are on ${declared.length ? declared.join(', ') : 'other protocols'}`;
    this.hop(o, 'forward', p, p, 'drop', '', 'ELBV2_LISTENER_PORT_RESTRICTION', `load balancer ${ep.id} has no listener on ${proto} ${describePorts(certain)} (${have}), so it accepts no such connection`);
  }

  // ---- network ACLs -------------------------------------------------------------------------------

  naclCheck(subnet: Subnet, egress: boolean, p: Packet, direction: Direction, ephemeralNote?: string): void {
    const aclId = subnet.networkAcl;
    if (isUnknown(aclId)) {
      this.unknownHop({ resource: subnet.id, type: 'AWS::EC2::Subnet', range: aclId.range }, direction, p, `the network ACL of subnet ${subnet.id} is unknown: ${aclId.reason}`, aclId.range);
      return;
    }
    const acl = this.model.index.networkAcl.get(aclId);
    if (!acl) {
      this.unknownHop({ resource: subnet.id, type: 'AWS::EC2::Subnet', range: subnet.origin.range }, direction, p, `network ACL ${aclId} of subnet ${subnet.id} is not in the model`, subnet.origin.range);
      return;
    }
    if (acl.implicit) {
      // The template can add entries to the default NACL (GetAtt Vpc.DefaultNetworkAcl): then "allows all" is not the whole story.
      const added = acl.entries.filter((e) => !e.origin.element).map((e) => e.id);
      this.assume(`subnet ${subnet.id} has no NACL association, so its VPC's default network ACL applies (rule 100 allows all traffic both ways${added.length ? `, after the entries the template adds to it: ${added.join(', ')}` : ''})`);
    }
    const v = evaluateNacl(acl, egress, p);
    const name = acl.implicit ? `the default network ACL of ${acl.origin.resource}` : `NACL ${acl.origin.resource}`;
    const where = `${name} (subnet ${subnet.id}) ${egress ? 'outbound' : 'inbound'}`;
    let reason: string;
    let code = '';
    if (v.decision === 'drop') {
      const returning = direction === 'return' && (p.protocol === 6 || p.protocol === 17);
      code = returning ? 'NACL_RETURN_EPHEMERAL_BLOCKED' : 'SUBNET_ACL_RESTRICTION';
      reason = returning && ephemeralNote ? `${where} drops the reply: replies go to ${ephemeralNote}, but ${v.detail}` : `${where} drops the packet: ${v.detail}`;
    } else if (v.decision === 'unknown') {
      code = 'ASSUMPTION_UNRESOLVED_VALUE';
      reason = `${where}: the outcome is unknown because ${v.detail}`;
    } else reason = `${where}: ${v.detail}`;
    const rangeOf = v.denyEntry?.origin.range ?? v.allowEntry?.origin.range ?? v.range;
    // Fields copied one by one, not spread: an object spread here was a third of this hot function's time.
    const ref = this.originRef(acl.origin, 'AWS::EC2::NetworkAcl', v.decision === 'unknown' ? v.range : rangeOf);
    const o = { resource: ref.resource, type: ref.type, element: ref.element, range: ref.range, side: (egress ? 'outbound' : 'inbound') as NaclSide, subnet: subnet.id };
    const blame: Blame = v.denyEntry
      ? { resource: v.denyEntry.origin.resource, element: v.denyEntry.origin.element, range: v.denyEntry.origin.range }
      : { resource: acl.origin.resource, element: acl.origin.element ?? acl.implicit, range: acl.origin.range };
    this.hop(o, direction, p, p, v.decision, v.rule || (v.denyEntry ? entryText(v.denyEntry) : ''), code, reason, blame);
  }

  // ---- routing ------------------------------------------------------------------------------------

  /** Looks the destination up in the subnet's route table; returns the chosen route's target, or null. */
  route(subnet: Subnet, p: Packet, direction: Direction): { kind: string; id?: string; rt: RouteTable; route: Route } | null {
    const rtId = subnet.routeTable;
    if (isUnknown(rtId)) {
      this.unknownHop({ resource: subnet.id, type: 'AWS::EC2::Subnet', range: rtId.range }, direction, p, `the route table of subnet ${subnet.id} is unknown: ${rtId.reason}`, rtId.range);
      return null;
    }
    const rt = this.model.index.routeTable.get(rtId);
    if (!rt) {
      this.unknownHop({ resource: subnet.id, type: 'AWS::EC2::Subnet', range: subnet.origin.range }, direction, p, `route table ${rtId} of subnet ${subnet.id} is not in the model`, subnet.origin.range);
      return null;
    }
    if (rt.implicit) this.assume(`subnet ${subnet.id} has no route table association, so its VPC's main route table applies (local routes only, unless the template adds routes to it)`);
    const rtName = rt.implicit ? `the main route table of ${rt.origin.resource}` : `route table ${rt.origin.resource}`;
    const v = lookupRoute(rt, p.dst, (u) => this.isIpv6Unknown(u));
    if (v.skippedPrefixLists.length > 0) this.assume(`prefix-list routes in ${rtName} were not considered: a template does not say which addresses a prefix list holds`);
    const rtRef = this.originRef(rt.origin, 'AWS::EC2::RouteTable');
    if (v.decision === 'unknown') {
      this.unknownHop(rtRef, direction, p, `the route from ${rtName} (subnet ${subnet.id}) is unknown: ${v.detail}`, v.unknown?.range ?? rt.origin.range);
      return null;
    }
    if (v.decision === 'drop' || !v.route) {
      this.hop(rtRef, direction, p, p, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `${rtName} (subnet ${subnet.id}) has no route to ${formatAddr(p.dst)}`);
      return null;
    }
    const r = v.route;
    const isLocal = r.target.kind === 'local';
    const o = isLocal ? { resource: rtRef.resource, type: rtRef.type, element: rtRef.element, range: r.origin.range } : this.originRef(r.origin, 'AWS::EC2::Route');
    const t = r.target;
    if (t.kind === 'missing') {
      this.hop(o, direction, p, p, 'drop', routeText(r), 'BAD_STATE_ROUTE', `${rtName} sends ${formatAddr(p.dst)} to ${t.id}, which the template does not create (${t.reason}): the route is a blackhole`);
      return null;
    }
    if (r.exists === 'unknown') this.assume(`route ${r.id} is assumed to exist (its Condition is not decided by the template)`);
    if (t.kind !== 'local' && isUnknown(t.id)) {
      this.unknownHop(o, direction, p, `the target of route ${routeText(r)} is unknown: ${t.id.reason}`, t.id.range);
      return null;
    }
    this.hop(o, direction, p, p, 'pass', routeText(r), '', `${rtName} (subnet ${subnet.id}): ${v.detail}`);
    return { kind: t.kind, id: t.kind === 'local' ? undefined : (t.id as string), rt, route: r };
  }

  /**
   * A local route delivers only inside the VPC of the route table (VPC_Route_Tables.md, "local route").
   * When the other end sits in another VPC whose CIDR overlaps this one (two VPCs built from the same
   * CIDR are common in templates), the address matches the local route but the packet never leaves its
   * VPC: it cannot reach the other end.
   */
  private localToOtherVpc(from: Subnet, to: Subnet, rt: RouteTable, direction: Direction, p: Packet, target: string): void {
    const a = this.vpcOfSubnet(from);
    const b = this.vpcOfSubnet(to);
    if (!a || !b || a === b) return;
    const rtName = rt.implicit ? `the main route table of ${rt.origin.resource}` : `route table ${rt.origin.resource}`;
    this.hop(
      this.originRef(rt.origin, 'AWS::EC2::RouteTable'),
      direction,
      p,
      p,
      'drop',
      '',
      'NO_ROUTE_TO_DESTINATION',
      `${rtName} (subnet ${from.id}) delivers ${formatAddr(p.dst)} locally inside VPC ${a}, but ${target} is in VPC ${b} (the two VPCs' address ranges overlap), so the packet ${direction === 'return' ? 'reply ' : ''}never reaches it`.replace('packet reply', 'reply'),
    );
  }

  /** A route to something the walk does not model yet: say so, honestly. */
  unsupported(target: { kind: string; id?: string }, rt: RouteTable, direction: Direction, p: Packet, reason?: string): void {
    this.unknownHop(this.originRef(rt.origin, 'AWS::EC2::RouteTable'), direction, p, reason ?? `the route sends the packet to ${target.kind} ${target.id ?? ''}, which packetwalk does not model yet, so the rest of the path is unknown`.replace('  ', ' '), rt.origin.range, 'UNSUPPORTED_COMPONENT');
  }

  // ---- gateways -----------------------------------------------------------------------------------

  /** The internet gateway a route names: it must exist and be attached to the VPC. */
  igwFor(id: string, vpc: string | null, rt: RouteTable, direction: Direction, p: Packet): InternetGateway | null {
    const igw = this.model.index.internetGateway.get(id);
    if (!igw) {
      this.hop(this.originRef(rt.origin, 'AWS::EC2::RouteTable'), direction, p, p, 'drop', '', 'BAD_STATE_ROUTE', `the route targets ${id}, which is not an internet gateway of this template`);
      return null;
    }
    const att = igw.attachments.find((a) => !isUnknown(a.vpc) && a.vpc === vpc);
    const unknownAtt = igw.attachments.find((a) => isUnknown(a.vpc) || a.exists === 'unknown');
    if (!att) {
      if (unknownAtt && isUnknown(unknownAtt.vpc)) {
        this.unknownHop(this.originRef(igw.origin, 'AWS::EC2::InternetGateway'), direction, p, `whether internet gateway ${igw.id} is attached to ${vpc} is unknown: ${unknownAtt.vpc.reason}`, unknownAtt.vpc.range);
        return igw;
      }
      this.hop(this.originRef(igw.origin, 'AWS::EC2::InternetGateway'), direction, p, p, 'drop', '', 'IGW_NOT_ATTACHED', `internet gateway ${igw.id} is not attached to VPC ${vpc ?? '?'} (no AWS::EC2::VPCGatewayAttachment), so it forwards nothing from it`);
    } else if (att.exists === 'unknown') {
      this.unknownHop(this.originRef(igw.origin, 'AWS::EC2::InternetGateway'), direction, p, `internet gateway ${igw.id} is attached to ${vpc} only under a Condition the template does not decide`, att.origin.range);
    }
    return igw;
  }

  /** The public address a placement shows on the internet (IGW 1:1 NAT), or null with the drop/unknown recorded. */
  publicAddrOf(side: PlacementSide, igwRef: { resource: string; type: string; element?: string; range: Range }, direction: Direction, p: Packet, code: string): Addr | null {
    const pub = side.placement.publicIp;
    if (isUnknown(pub)) {
      this.unknownHop(igwRef, direction, p, `whether ${side.endpoint} has a public IPv4 address is unknown: ${pub.reason}`, pub.range);
      return null;
    }
    if (pub.kind === 'none') {
      const reason =
        code === 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS'
          ? `${side.endpoint} has no public IPv4 address (${pub.reason}), so the internet gateway cannot translate its private address and drops the packet`
          : `${side.endpoint} has no public IPv4 address (${pub.reason}), so nothing on the internet can address it through the internet gateway`;
      this.hop(igwRef, direction, p, p, 'drop', '', code, reason, { resource: side.endpoint, range: side.placement.origin.range });
      return null;
    }
    if (pub.kind === 'auto') return { kind: 'public', label: `public IP of ${side.endpoint}` };
    return this.eipAddr(pub.eip);
  }

  eipAddr(eip: string): Addr {
    const given = this.settings.publicIps?.[eip];
    if (given) {
      const c = parseCidr(given);
      if (c.ok) {
        this.assume(`EIP ${eip} has address ${given} (given as an assumption: an EIP's address is allocated at deploy)`);
        return { kind: 'public', label: `EIP ${eip}`, cidr: c.cidr };
      }
    }
    this.assume(`EIP ${eip}'s address is allocated at deploy; it is shown as "EIP ${eip}"`);
    return { kind: 'public', label: `EIP ${eip}` };
  }

  /** IGW egress: destination must be public, the source gets its 1:1 public address. */
  igwEgress(igw: InternetGateway, p: Packet, pub: Addr | null, direction: Direction): Packet {
    const ref = this.originRef(igw.origin, 'AWS::EC2::InternetGateway');
    const out: Packet = pub ? { ...p, src: pub } : p;
    if (!isPublicSet(p.dst)) {
      this.hop(ref, direction, p, out, 'drop', '', 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', `internet gateway ${igw.id} does not forward packets to private addresses such as ${formatAddr(p.dst)}`);
      return out;
    }
    if (pub) this.hop(ref, direction, p, out, 'pass', `1:1 NAT ${formatAddr(p.src)} → ${formatAddr(pub)}`, '', `internet gateway ${igw.id} translates the source ${formatAddr(p.src)} to its public address ${formatAddr(pub)} and sends the packet to the internet`);
    return out;
  }

  natGateway(id: string, rt: RouteTable, direction: Direction, p: Packet): NatGateway | null {
    const nat = this.model.index.natGateway.get(id);
    if (!nat) {
      this.hop(this.originRef(rt.origin, 'AWS::EC2::RouteTable'), direction, p, p, 'drop', '', 'BAD_STATE_ROUTE', `the route targets ${id}, which is not a NAT gateway of this template`);
      return null;
    }
    if (nat.exists === 'unknown') {
      this.unknownHop(this.originRef(nat.origin, 'AWS::EC2::NatGateway'), direction, p, `NAT gateway ${nat.id} is created only under a Condition the template does not decide`, nat.origin.range);
    }
    return nat;
  }

  natAddr(nat: NatGateway): Addr {
    if (nat.privateIp && !isUnknown(nat.privateIp)) return { kind: 'cidr', cidr: { family: nat.privateIp.family, base: nat.privateIp.value, prefix: nat.privateIp.family === 4 ? 32 : 128 } };
    const s = !isUnknown(nat.subnet) ? this.model.index.subnet.get(nat.subnet) : undefined;
    if (s && !isUnknown(s.cidr)) {
      this.assume(`NAT gateway ${nat.id}'s private address is some address in ${formatAddr({ kind: 'cidr', cidr: s.cidr })} (assigned at deploy)`);
      return { kind: 'cidr', cidr: s.cidr };
    }
    return { kind: 'public', label: `private IP of ${nat.id}` };
  }

  natSubnet(nat: NatGateway, direction: Direction, p: Packet): Subnet | null {
    if (isUnknown(nat.subnet)) {
      this.unknownHop(this.originRef(nat.origin, 'AWS::EC2::NatGateway'), direction, p, `the subnet of NAT gateway ${nat.id} is unknown: ${nat.subnet.reason}`, nat.subnet.range);
      return null;
    }
    const s = this.model.index.subnet.get(nat.subnet);
    if (!s) this.unknownHop(this.originRef(nat.origin, 'AWS::EC2::NatGateway'), direction, p, `subnet ${nat.subnet} of NAT gateway ${nat.id} is not in the model`, nat.origin.range);
    return s ?? null;
  }

  // ---- whole paths --------------------------------------------------------------------------------

  /**
   * An interface or Gateway Load Balancer endpoint only answers connections made to it; it never starts
   * one into its VPC (Reachability Analyzer VPCE_INTRA_VPC_TRAFFIC). Returns false when the walk must stop.
   */
  private endpointMayInitiate(src: PlacementSide, p: Packet): boolean {
    if (src.kindOfEndpoint !== 'vpc-endpoint') return true;
    const o = { resource: src.endpoint, type: src.endpointType, range: src.placement.origin.range };
    this.hop(o, 'forward', p, p, 'drop', '', 'VPCE_INTRA_VPC_TRAFFIC', `VPC endpoint ${src.endpoint} does not start connections: it only answers those made to it, so it cannot be the source of a flow`);
    return false;
  }

  /** An endpoint under an undecided Condition is walked as if it exists, and the trace says so. */
  private noteExistence(...sides: PlacementSide[]): void {
    for (const side of sides) {
      if (side.probe) continue;
      const ep = this.model.index.endpoint.get(side.endpoint);
      if (ep && ep.exists === 'unknown') this.assume(`${side.endpoint} is assumed to exist (its Condition is not decided by the template)`);
    }
  }

  /** Placement → placement inside a VPC. */
  walkInternal(src: PlacementSide, dst: PlacementSide, first: Packet, initiatorPorts: string): void {
    this.noteExistence(src, dst);
    if (!this.endpointMayInitiate(src, first)) return;
    const ss = this.subnetOf(src, 'forward', first);
    const ds = this.subnetOf(dst, 'forward', first);
    this.sgCheck(src, 'egress', first, dst.placement);
    if (!ss || !ds) return;
    const same = ss.id === ds.id;
    if (same) this.assume(`${src.endpoint} and ${dst.endpoint} share subnet ${ss.id}: traffic inside a subnet is not checked by network ACLs`);
    if (!same) this.naclCheck(ss, true, first, 'forward');
    // When the route lookup drops or cannot decide, the walk goes on as if the packet had been delivered
    // locally, so that the destination's NACL and security groups are still checked.
    const t = this.route(ss, first, 'forward');
    if (t && t.kind !== 'local') {
      if (t.kind === 'internet-gateway') {
        this.hop(this.originRef(t.rt.origin, 'AWS::EC2::RouteTable'), 'forward', first, first, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(first.dst)} leads to internet gateway ${t.id}, which does not forward packets to private addresses, so the packet never reaches ${dst.endpoint}`);
      } else {
        // A NAT gateway (or an appliance ENI, a GWLB endpoint…) does forward to private addresses: it
        // rewrites or inspects the packet and sends it on through its own subnet. That is not walked yet.
        this.unsupported(t, t.rt, 'forward', first, t.kind === 'nat-gateway' ? `the route sends ${formatAddr(first.dst)}, an address of a VPC, to NAT gateway ${t.id}; packetwalk walks NAT gateways only towards the internet so far, so the rest of the path is unknown` : undefined);
      }
      return;
    }
    if (t) this.localToOtherVpc(ss, ds, t.rt, 'forward', first, dst.endpoint);
    if (!same) this.naclCheck(ds, false, first, 'forward');
    this.sgCheck(dst, 'ingress', first, src.placement);
    this.listenerCheck(dst, first);
    if (dst.kindOfEndpoint === 'nat-gateway' && (first.protocol === 6 || first.protocol === 17 || first.protocol === -1)) {
      // A NAT gateway runs no service: it translates traffic routed through it, and a connection
      // addressed to its own address has nothing to answer it.
      this.hop({ resource: dst.endpoint, type: dst.endpointType, range: dst.placement.origin.range }, 'forward', first, first, 'drop', '', 'NGW_NO_UNSOLICITED_INBOUND', `NAT gateway ${dst.endpoint} accepts no connection addressed to itself: it only translates traffic that routes send through it`);
    }

    const back = reply(first);
    this.sgStateful(dst, 'egress', back);
    if (!same) this.naclCheck(ds, true, back, 'return', initiatorPorts);
    const rt = this.route(ds, back, 'return');
    if (rt && rt.kind !== 'local') {
      const ref = this.originRef(rt.rt.origin, 'AWS::EC2::RouteTable');
      if (rt.kind === 'internet-gateway') {
        this.hop(ref, 'return', back, back, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} is routed to internet gateway ${rt.id} instead of locally, and an internet gateway does not forward packets to private addresses`);
      } else if (rt.kind === 'nat-gateway') {
        // The NAT gateway treats the reply as a new connection and rewrites its source: the initiator
        // gets an answer from the NAT gateway's address, not from the address it called, and discards it.
        this.hop(ref, 'return', back, back, 'drop', '', 'ASYMMETRIC_RETURN_ROUTE', `subnet ${ds.id} routes the reply to ${formatAddr(back.dst)} through NAT gateway ${rt.id} instead of locally; the NAT gateway would rewrite its source, so ${src.endpoint} gets the reply from the NAT gateway's address rather than from ${formatAddr(back.src)} and discards it`);
      } else this.unsupported(rt, rt.rt, 'return', back);
    } else if (rt) this.localToOtherVpc(ds, ss, rt.rt, 'return', back, src.endpoint);
    if (!same) this.naclCheck(ss, false, back, 'return', initiatorPorts);
    this.sgStateful(src, 'ingress', back);
  }

  /**
   * An ENI's address the walk knows is IPv4 (its subnet's block or a fixed PrivateIpAddress). Talking to
   * an IPv6 address on the internet needs an IPv6 address on the ENI, which exists only in a subnet with
   * an IPv6 block (VPC User Guide, "IPv6 support for your VPC"): without one the flow is impossible; with
   * one, the walk does not model ENI IPv6 addresses yet, so the outcome is unknown. Returns false when the
   * walk must stop (the drop or the unknown is recorded).
   */
  private sameFamily(side: PlacementSide, subnet: Subnet, peer: Addr, p: Packet, egress: boolean): boolean {
    if (side.addr.kind === 'unknown' || addrFamily(peer) === addrFamily(side.addr) || addrCidr(peer) === undefined) return true;
    const family = `IPv${addrFamily(peer)}`;
    const o = { resource: side.endpoint, type: side.endpointType, range: side.placement.origin.range };
    if (subnet.ipv6Cidr !== undefined && addrFamily(peer) === 6) {
      this.unknownHop(o, 'forward', p, `subnet ${subnet.id} has an IPv6 block, but packetwalk does not model the IPv6 addresses of network interfaces yet, so whether ${side.endpoint} can exchange IPv6 packets with ${formatAddr(peer)} is unknown`, o.range, 'UNSUPPORTED_COMPONENT');
      return false;
    }
    const why = addrFamily(peer) === 6 ? `subnet ${subnet.id} has no IPv6 CIDR block, so ${side.endpoint} has only ${side.addr.kind === 'cidr' && isHost(side.addr.cidr) ? 'the IPv4 address' : 'an IPv4 address in'} ${formatAddr(side.addr)}` : `${side.endpoint}'s address is ${formatAddr(side.addr)}`;
    const code = egress ? 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS' : 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS';
    this.hop(o, 'forward', p, p, 'drop', '', code, `${side.endpoint} has no ${family} address (${why}): it cannot ${egress ? 'send packets to' : 'receive packets from'} the ${family} address ${formatAddr(peer)}`);
    return false;
  }

  /** Placement → the internet, through an internet gateway or a NAT gateway. */
  walkToInternet(src: PlacementSide, first: Packet, initiatorPorts: string): void {
    this.noteExistence(src);
    if (!this.endpointMayInitiate(src, first)) return;
    const ss = this.subnetOf(src, 'forward', first);
    if (ss && !this.sameFamily(src, ss, first.dst, first, true)) return;
    this.sgCheck(src, 'egress', first, null);
    if (!ss) return;
    this.naclCheck(ss, true, first, 'forward');
    const t = this.route(ss, first, 'forward');
    if (!t) return;
    const vpc = this.vpcOfSubnet(ss);
    if (t.kind === 'internet-gateway') {
      const igw = this.igwFor(t.id!, vpc, t.rt, 'forward', first);
      if (!igw) return;
      const ref = this.originRef(igw.origin, 'AWS::EC2::InternetGateway');
      const pub = this.publicAddrOf(src, ref, 'forward', first, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
      const out = this.igwEgress(igw, first, pub, 'forward');
      // Return: the IGW undoes its 1:1 NAT and delivers locally to the ENI.
      const back = reply(out);
      const inside: Packet = { ...back, dst: first.src };
      this.hop(ref, 'return', back, inside, 'pass', `1:1 NAT ${formatAddr(back.dst)} → ${formatAddr(first.src)}`, '', `internet gateway ${igw.id} translates the destination back to ${formatAddr(first.src)} and delivers the reply inside the VPC`);
      this.naclCheck(ss, false, inside, 'return', initiatorPorts);
      this.sgStateful(src, 'ingress', inside);
      return;
    }
    if (t.kind === 'nat-gateway') {
      this.viaNat(src, ss, t.id!, t.rt, first, initiatorPorts);
      return;
    }
    if (t.kind === 'local') {
      this.hop(this.originRef(t.rt.origin, 'AWS::EC2::RouteTable'), 'forward', first, first, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(first.dst)} is local, but no modelled subnet holds that address`);
      return;
    }
    this.unsupported(t, t.rt, 'forward', first);
  }

  private viaNat(src: PlacementSide, ss: Subnet, natId: string, rt: RouteTable, first: Packet, initiatorPorts: string): void {
    const nat = this.natGateway(natId, rt, 'forward', first);
    if (!nat) return;
    const natRef = this.originRef(nat.origin, 'AWS::EC2::NatGateway');
    const ns = this.natSubnet(nat, 'forward', first);
    const natIp = this.natAddr(nat);
    const crossing = !ns || ns.id !== ss.id;
    if (ns && crossing) this.naclCheck(ns, false, first, 'forward');
    // SNAT: the NAT gateway's private address, and a new source port in 1024-65535 (REMAP_EPHEMERAL_PORT).
    const snat: Packet = { ...first, src: natIp, srcPorts: first.srcPorts ? NAT_PORTS : null };
    if (first.protocol !== 6 && first.protocol !== 17 && first.protocol !== 1) {
      this.hop(natRef, 'forward', first, snat, 'drop', '', 'PROTOCOL_RESTRICTION', `NAT gateway ${nat.id} forwards only tcp, udp and icmp; a flow of all protocols cannot pass entirely`);
    } else {
      this.hop(
        natRef,
        'forward',
        first,
        snat,
        'pass',
        `SNAT ${formatAddr(first.src)} → ${formatAddr(natIp)}${first.srcPorts ? `, source port ${formatPorts(first.srcPorts)} → 1024-65535` : ''}`,
        first.srcPorts ? 'REMAP_EPHEMERAL_PORT' : '',
        `NAT gateway ${nat.id} replaces the source with its private address ${formatAddr(natIp)}${first.srcPorts ? ' and picks a new source port in 1024-65535' : ''}, and remembers the mapping for the reply`,
      );
    }
    if (!ns) return;
    // The NAT gateway's own subnet must route to an attached internet gateway.
    const blockersBefore = this.blockers.length;
    const t = this.route(ns, snat, 'forward');
    let out = snat;
    let igwRef: ReturnType<PairWalk['originRef']> | null = null;
    let igwId = '';
    if (t) {
      if (t.kind === 'internet-gateway') {
        const igw = this.igwFor(t.id!, this.vpcOfSubnet(ns), t.rt, 'forward', snat);
        this.naclCheck(ns, true, snat, 'forward');
        if (igw) {
          igwRef = this.originRef(igw.origin, 'AWS::EC2::InternetGateway');
          igwId = igw.id;
          let pub: Addr | null = null;
          if (nat.connectivity === 'private') {
            this.hop(igwRef, 'forward', snat, snat, 'drop', '', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', `NAT gateway ${nat.id} is a private NAT gateway: it has no public address, so the internet gateway drops its traffic`, { resource: nat.origin.resource, range: nat.origin.range });
          } else if (nat.eip === undefined) {
            this.assume(`NAT gateway ${nat.id} is public, so it has an Elastic IP (the template does not name it)`);
            pub = { kind: 'public', label: `EIP of ${nat.id}` };
          } else if (isUnknown(nat.eip)) {
            this.unknownHop(igwRef, 'forward', snat, `the Elastic IP of NAT gateway ${nat.id} is unknown: ${nat.eip.reason}`, nat.eip.range);
          } else pub = this.eipAddr(nat.eip);
          out = this.igwEgress(igw, snat, pub, 'forward');
        }
      } else if (t.kind === 'transit-gateway' || t.kind === 'vpc-peering' || t.kind === 'vpn-gateway' || t.kind === 'network-interface' || t.kind === 'instance') {
        this.unsupported(t, t.rt, 'forward', snat);
      } else {
        const local = t.kind === 'local';
        const blame = { resource: t.rt.origin.resource, element: t.rt.origin.element, range: t.rt.origin.range };
        const loop = t.kind === 'nat-gateway' && t.id === nat.id;
        this.hop(
          { resource: nat.origin.resource, type: 'AWS::EC2::NatGateway', range: nat.origin.range },
          'forward',
          snat,
          snat,
          'drop',
          '',
          'NAT_SUBNET_NOT_PUBLIC',
          loop
            ? `NAT gateway ${nat.id} sits in subnet ${ns.id}, whose route ${routeText(t.route)} sends ${formatAddr(snat.dst)} back to ${nat.id} itself (a loop): the NAT gateway must be in a public subnet, whose route table sends it to an internet gateway`
            : `NAT gateway ${nat.id} sits in subnet ${ns.id}, whose route table sends ${formatAddr(snat.dst)} to ${local ? 'local' : t.id} rather than to an internet gateway: the NAT gateway must be in a public subnet`,
          blame,
        );
      }
    } else if (this.blockers.length > blockersBefore && this.blockers[this.blockers.length - 1].code === 'NO_ROUTE_TO_DESTINATION') {
      // Name the NAT-specific cause on the blocking point the route lookup just recorded.
      const last = this.blockers[this.blockers.length - 1];
      last.code = 'NAT_SUBNET_NOT_PUBLIC';
      last.message = `NAT gateway ${nat.id} sits in subnet ${ns.id}, which has no route to an internet gateway: ${last.message}`;
      this.hops[this.hops.length - 1].code = 'NAT_SUBNET_NOT_PUBLIC';
      this.hops[this.hops.length - 1].reason = last.message;
    }

    // Return: IGW undoes its 1:1 NAT, the NAT subnet's NACL admits the reply to the NAT's remapped port,
    // the NAT gateway undoes its SNAT, then the reply crosses back to the source's subnet.
    const back = reply(out);
    const atNat: Packet = { ...back, dst: natIp };
    if (igwRef) this.hop(igwRef, 'return', back, atNat, 'pass', `1:1 NAT ${formatAddr(back.dst)} → ${formatAddr(natIp)}`, '', `internet gateway ${igwId} translates the destination back to NAT gateway ${nat.id}'s private address`);
    this.naclCheck(ns, false, atNat, 'return', 'the ports the NAT gateway picked, 1024-65535');
    const restored: Packet = { ...atNat, dst: first.src, dstPorts: first.srcPorts };
    this.hop(natRef, 'return', atNat, restored, 'pass', `un-SNAT ${formatAddr(natIp)} → ${formatAddr(first.src)}`, '', `NAT gateway ${nat.id} finds the connection in its table and restores the original destination ${formatAddr(first.src)}${first.srcPorts ? ` port ${formatPorts(first.srcPorts)}` : ''}`);
    const rr = this.route(ns, restored, 'return');
    if (rr && rr.kind !== 'local') {
      this.hop(this.originRef(rr.rt.origin, 'AWS::EC2::RouteTable'), 'return', restored, restored, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(restored.dst)} is routed to ${rr.id} instead of locally`);
    }
    if (crossing) {
      this.naclCheck(ns, true, restored, 'return', initiatorPorts);
      this.naclCheck(ss, false, restored, 'return', initiatorPorts);
    }
    this.sgStateful(src, 'ingress', restored);
  }

  /** The internet → a placement, through the internet gateway of its VPC. */
  walkFromInternet(dst: PlacementSide, first: Packet, clientPorts: string): void {
    this.noteExistence(dst);
    const ds = this.subnetOf(dst, 'forward', first);
    if (!ds) return;
    if (!this.sameFamily(dst, ds, first.src, first, false)) return;
    const vpc = this.vpcOfSubnet(ds);
    const igw = vpc === null ? undefined : attachedInternetGateway(this.model, vpc);
    const publicFirst: Packet = { ...first };
    let igwRef: ReturnType<PairWalk['originRef']> | null = null;
    let pub: Addr | null = null;
    if (!igw) {
      const v = vpc ? this.model.index.vpc.get(vpc) : undefined;
      const o = v ? this.originRef(v.origin, 'AWS::EC2::VPC') : { resource: ds.id, type: 'AWS::EC2::Subnet', range: ds.origin.range };
      this.hop(o, 'forward', first, first, 'drop', '', 'IGW_NOT_ATTACHED', `no internet gateway is attached to VPC ${vpc ?? '?'}, so nothing on the internet can reach ${dst.endpoint}`);
    } else {
      igwRef = this.originRef(igw.origin, 'AWS::EC2::InternetGateway');
      pub = this.publicAddrOf(dst, igwRef, 'forward', first, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
      if (pub) {
        publicFirst.dst = pub;
        this.hop(igwRef, 'forward', publicFirst, first, 'pass', `1:1 NAT ${formatAddr(pub)} → ${formatAddr(first.dst)}`, '', `internet gateway ${igw.id} translates the destination ${formatAddr(pub)} to ${dst.endpoint}'s private address ${formatAddr(first.dst)}`);
      }
    }
    if (dst.kindOfEndpoint === 'nat-gateway') {
      this.hop({ resource: dst.endpoint, type: dst.endpointType, range: dst.placement.origin.range }, 'forward', first, first, 'drop', '', 'NGW_NO_UNSOLICITED_INBOUND', `NAT gateway ${dst.endpoint} accepts no connection started from outside; it only carries replies to connections its VPC opened`);
      return;
    }
    this.naclCheck(ds, false, first, 'forward');
    this.sgCheck(dst, 'ingress', first, null);
    this.listenerCheck(dst, first);

    const back = reply(first);
    this.sgStateful(dst, 'egress', back);
    this.naclCheck(ds, true, back, 'return', clientPorts);
    const t = this.route(ds, back, 'return');
    if (t) {
      if (t.kind === 'internet-gateway') {
        const g = this.igwFor(t.id!, vpc, t.rt, 'return', back);
        if (g && pub) {
          const out: Packet = { ...back, src: pub };
          this.hop(this.originRef(g.origin, 'AWS::EC2::InternetGateway'), 'return', back, out, 'pass', `1:1 NAT ${formatAddr(back.src)} → ${formatAddr(pub)}`, '', `internet gateway ${g.id} translates the source back to ${formatAddr(pub)} and sends the reply to the internet`);
        }
      } else if (t.kind === 'nat-gateway') {
        this.hop(this.originRef(t.rt.origin, 'AWS::EC2::RouteTable'), 'return', back, back, 'drop', '', 'ASYMMETRIC_RETURN_ROUTE', `subnet ${ds.id} routes the reply to ${formatAddr(back.dst)} through NAT gateway ${t.id}, which would rewrite its source: the client expects the reply from ${pub ? formatAddr(pub) : 'the public address'} and discards it. The subnet needs a route to the internet gateway`);
      } else if (t.kind === 'local') {
        this.hop(this.originRef(t.rt.origin, 'AWS::EC2::RouteTable'), 'return', back, back, 'drop', '', 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} has no route out of the VPC`);
      } else this.unsupported(t, t.rt, 'return', back);
    }
  }
}

export function isPrivateAddr(a: Addr): boolean {
  return a.kind === 'cidr' && isPrivateSpace(a.cidr);
}
