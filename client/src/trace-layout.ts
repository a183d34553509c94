// The drawn path of a trace, as data: one lane per direction (forward, return), each a row of items from
// the endpoint that sends to the endpoint that receives: a box per hop coloured by its status, and a header
// chip wherever a hop rewrites the packet (NAT gateway SNAT, internet gateway 1:1 NAT, load-balancer proxy).
// Pure (no vscode import, no HTML): trace-html.ts draws it, and it is unit-tested on real traces.
import type { Direction, Hop, HeaderPort, PacketHeader, TraceFlowParams, TraceResult } from '../../shared/protocol';

/**
 * What a box shows. `not-reached` is every hop walked after the trace's first drop: the walk goes on only
 * to find further blockers, so even a "pass" there is no packet that got through.
 */
export type HopStatus = 'allow' | 'drop' | 'unknown' | 'not-reached';

export interface HopBox {
  /** Index into TraceResult.hops: the view links a box to its hop by this number only. */
  index: number;
  hop: Hop;
  /** What the element is, in a few words ("NACL", "Main route table", "NAT gateway"). */
  kind: string;
  /** Extra words for the kind: the side of a NACL ("subnet boundary, outbound"). */
  detail: string;
  name: string;
  status: HopStatus;
  /** The trace's first drop: the hop to fix. */
  blocking: boolean;
  /** A hop after the first drop that would drop the packet too (a further blocker). */
  alsoDrops: boolean;
  /** Whether the hop has a range in a template to jump to. */
  linked: boolean;
}

export type HeaderField = 'src' | 'srcPort' | 'dst' | 'dstPort';

export interface HeaderChange {
  header: PacketHeader;
  changed: HeaderField[];
  /** Why the packet changed: "SNAT", "1:1 NAT", "LB proxy", or "rewritten". */
  why: string;
  /** The element that rewrote it. */
  at: string;
}

export interface EndpointItem {
  name: string;
  /** The address the packet has at this end ("10.0.1.0/24", "internet"), when the lane has hops. */
  address: string;
  /** Whether the packet reaches this end in this lane (the sender always "reaches" its own end). */
  status: 'allow' | 'unknown' | 'not-reached';
}

export type LaneItem =
  | { type: 'endpoint'; endpoint: EndpointItem }
  | { type: 'hop'; box: HopBox }
  | { type: 'header'; change: HeaderChange };

export interface Lane {
  direction: Direction;
  from: string;
  to: string;
  /** The packet as it leaves the sender (the first hop's incoming header); null when the lane has no hops. */
  start: PacketHeader | null;
  items: LaneItem[];
}

export interface TraceLayout {
  lanes: Lane[];
  /** Index of the blocking hop in TraceResult.hops, or -1. */
  blocking: number;
}

function words(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bnetwork acl\b/g, 'NACL');
}

const KINDS: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'Security group',
  'AWS::EC2::SecurityGroupIngress': 'SG rule',
  'AWS::EC2::SecurityGroupEgress': 'SG rule',
  'AWS::EC2::NetworkAcl': 'NACL',
  'AWS::EC2::NetworkAclEntry': 'NACL entry',
  'AWS::EC2::RouteTable': 'Route table',
  'AWS::EC2::Route': 'Route',
  'AWS::EC2::InternetGateway': 'Internet gateway',
  'AWS::EC2::EgressOnlyInternetGateway': 'Egress-only IGW',
  'AWS::EC2::NatGateway': 'NAT gateway',
  'AWS::EC2::TransitGateway': 'Transit gateway',
  'AWS::EC2::TransitGatewayAttachment': 'TGW attachment',
  'AWS::EC2::TransitGatewayVpcAttachment': 'TGW attachment',
  'AWS::EC2::TransitGatewayPeeringAttachment': 'TGW peering',
  'AWS::EC2::TransitGatewayRouteTable': 'TGW route table',
  'AWS::EC2::TransitGatewayRoute': 'TGW route',
  'AWS::EC2::VPCPeeringConnection': 'VPC peering',
  'AWS::EC2::VPCEndpoint': 'VPC endpoint',
  'AWS::NetworkFirewall::Firewall': 'Network Firewall',
  'AWS::EC2::VPNGateway': 'VPN gateway',
  'AWS::EC2::VPNConnection': 'VPN',
  'AWS::EC2::Subnet': 'Subnet',
  'AWS::EC2::VPC': 'VPC',
  'AWS::EC2::Instance': 'Instance',
  'AWS::EC2::NetworkInterface': 'ENI',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Load balancer',
  'AWS::ElasticLoadBalancingV2::Listener': 'Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule': 'Listener rule',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'Target group',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'Classic LB',
  'AWS::Lambda::Function': 'Lambda',
  'AWS::RDS::DBInstance': 'RDS',
};

/** What a hop's element is, in a few words: an implicit element by its name, else by its resource type. */
export function hopKind(hop: Hop): string {
  if (hop.element) {
    const w = words(hop.element);
    return w.charAt(0).toUpperCase() + w.slice(1);
  }
  return KINDS[hop.type] ?? hop.type.split('::').pop() ?? hop.type;
}

function hopDetail(hop: Hop): string {
  return hop.side ? `subnet boundary, ${hop.side}` : '';
}

function portKey(p: HeaderPort | null): string {
  if (p === null || p === undefined) return '*';
  return typeof p === 'number' ? String(p) : `${p.from}-${p.to}`;
}

/** The header fields a hop changed, in header order. */
export function changedFields(a: PacketHeader, b: PacketHeader): HeaderField[] {
  const out: HeaderField[] = [];
  if (a.src !== b.src) out.push('src');
  if (portKey(a.srcPort) !== portKey(b.srcPort)) out.push('srcPort');
  if (a.dst !== b.dst) out.push('dst');
  if (portKey(a.dstPort) !== portKey(b.dstPort)) out.push('dstPort');
  return out;
}

/** Why a hop rewrote the packet, named as an engineer would (AWS's own terms where they exist). */
export function rewriteReason(hop: Hop, changed: HeaderField[]): string {
  if (/::(LoadBalancer|Listener|ListenerRule|TargetGroup)$/.test(hop.type)) return 'LB proxy';
  if (hop.type === 'AWS::EC2::InternetGateway') return '1:1 NAT';
  const source = changed.includes('src') || changed.includes('srcPort');
  if (hop.type === 'AWS::EC2::NatGateway' || hop.type === 'AWS::EC2::Instance') return source ? 'SNAT' : 'NAT';
  return 'rewritten';
}

function statusOf(hop: Hop): HopStatus {
  if (hop.afterDrop) return 'not-reached';
  return hop.decision === 'pass' ? 'allow' : hop.decision;
}

function lane(direction: Direction, from: string, to: string, hops: Array<{ hop: Hop; index: number }>, blocking: number): Lane {
  const items: LaneItem[] = [];
  const first = hops[0]?.hop;
  const last = hops[hops.length - 1]?.hop;
  // The sender of the reply sends nothing when the query never reached it.
  const sent = first !== undefined && !first.afterDrop;
  items.push({ type: 'endpoint', endpoint: { name: from, address: first ? first.in.src : '', status: sent ? 'allow' : 'not-reached' } });
  for (const { hop, index } of hops) {
    const status = statusOf(hop);
    items.push({
      type: 'hop',
      box: {
        index, hop, kind: hopKind(hop), detail: hopDetail(hop), name: hop.resource, status,
        blocking: index === blocking, alsoDrops: status === 'not-reached' && hop.decision === 'drop',
        linked: hop.range.end > hop.range.start,
      },
    });
    const changed = changedFields(hop.in, hop.out);
    if (changed.length > 0) items.push({ type: 'header', change: { header: hop.out, changed, why: rewriteReason(hop, changed), at: hop.resource } });
  }
  // The receiver is reached only when every hop of the lane let the packet through.
  const reached: EndpointItem['status'] = hops.length === 0 || hops.some(({ hop }) => hop.afterDrop || hop.decision === 'drop')
    ? 'not-reached'
    : hops.some(({ hop }) => hop.decision === 'unknown') ? 'unknown' : 'allow';
  items.push({ type: 'endpoint', endpoint: { name: to, address: last ? last.out.dst : '', status: reached } });
  return { direction, from, to, start: first ? first.in : null, items };
}

export function traceLayout(params: Pick<TraceFlowParams, 'from' | 'to'>, result: TraceResult): TraceLayout {
  const indexed = result.hops.map((hop, index) => ({ hop, index }));
  const blocking = result.hops.findIndex((h) => h.decision === 'drop' && !h.afterDrop);
  return {
    blocking,
    lanes: [
      lane('forward', params.from, params.to, indexed.filter((h) => h.hop.direction === 'forward'), blocking),
      lane('return', params.to, params.from, indexed.filter((h) => h.hop.direction === 'return'), blocking),
    ],
  };
}
