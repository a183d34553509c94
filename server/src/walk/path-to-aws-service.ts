// A flow to `aws:<service>` (the service's regional endpoint) follows what the source's VPC offers:
// 1. an interface endpoint of the service in the source's VPC with PrivateDnsEnabled: the service's name
//    resolves to the endpoint's network interfaces, so the flow goes to them (its subnets, security groups);
// 2. a gateway endpoint (S3, DynamoDB) whose prefix-list route is in the source subnet's route table: the
//    packet leaves by that route to the service inside AWS (the route beats 0.0.0.0/0: the service's
//    prefixes are more specific); the endpoint's policy is out of scope (stated);
// 3. otherwise the public endpoint, through the subnet's NAT gateway or internet gateway, like any
//    address on the internet.
// The prefix list of an AWS service holds only public addresses of that service in the region (stated
// as an assumption where it decides), so network ACLs must admit those addresses: a NACL rule narrower
// than 0.0.0.0/0 leaves the verdict unknown, since a template does not say which addresses they are.
import { isUnknown, type Endpoint, type NetworkModel, type Route, type RouteTable } from '../model/types';
import { hopAt } from './hop-recorder';
import { reply, type Packet } from './packet';
import { noteExistence, subnetOf } from './placement';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { endpointMayInitiate } from './vpc-endpoint';
import { walkToInternet } from './path-to-internet';
import type { PlacementSide, WalkContext } from './walk-context';

export type ServiceWay =
  | { kind: 'interface'; endpoint: Endpoint }
  | { kind: 'interface-dns-unknown'; endpoint: Endpoint; reason: string; range: { start: number; end: number } }
  | { kind: 'gateway'; route: Route; rt: RouteTable }
  | { kind: 'public'; note: string };

/** How a source placement reaches the service (see the file comment). */
export function wayToService(model: NetworkModel, src: PlacementSide, service: string): ServiceWay {
  const sub = typeof src.placement.subnet === 'string' ? model.index.subnet.get(src.placement.subnet) : undefined;
  const vpc = sub && typeof sub.vpc === 'string' ? sub.vpc : undefined;
  let quiet: Endpoint | undefined;
  for (const e of model.endpoints) {
    if (e.kind !== 'vpc-endpoint' || e.service?.name !== service || e.exists !== 'yes') continue;
    const inVpc = e.placements.some((pl) => typeof pl.subnet === 'string' && model.index.subnet.get(pl.subnet)?.vpc === vpc);
    if (!inVpc) continue;
    const dns = e.service.privateDns;
    if (isUnknown(dns)) return { kind: 'interface-dns-unknown', endpoint: e, reason: dns.reason, range: dns.range };
    if (dns) return { kind: 'interface', endpoint: e };
    quiet ??= e;
  }
  const rtId = sub && typeof sub.routeTable === 'string' ? sub.routeTable : undefined;
  const rt = rtId ? model.index.routeTable.get(rtId) : undefined;
  const route = rt?.routes.find((r) => r.service === service && r.exists === 'yes' && r.target.kind === 'vpc-endpoint');
  if (rt && route) return { kind: 'gateway', route, rt };
  const why = quiet ? `interface endpoint ${quiet.id} of ${service} has PrivateDnsEnabled false, so the service's name still resolves to its public endpoint` : `no endpoint of ${service} serves subnet ${sub?.id ?? '?'}`;
  return { kind: 'public', note: `aws:${service}: ${why}; the public endpoint is reached like any internet address` };
}

/** Source placement → `aws:<service>` when the way is not an interface endpoint (trace.ts walks those to its interfaces). */
export function walkToService(w: WalkContext, src: PlacementSide, first: Packet, service: string, initiatorPorts: string): void {
  const way = wayToService(w.model, src, service);
  if (way.kind === 'gateway') return walkToGatewayEndpoint(w, src, first, way, service, initiatorPorts);
  if (way.kind === 'interface-dns-unknown') {
    w.rec.recordUnknown({ at: { resource: way.endpoint.id, type: way.endpoint.type, range: way.range }, direction: 'forward', packet: first, reason: `whether aws:${service} resolves to interface endpoint ${way.endpoint.id} is unknown: PrivateDnsEnabled ${way.reason}` });
    return;
  }
  if (way.kind === 'public') w.rec.assume(way.note);
  walkToInternet(w, src, first, initiatorPorts);
}

/** Source placement → the service through a gateway endpoint's prefix-list route, and the reply. */
export function walkToGatewayEndpoint(w: WalkContext, src: PlacementSide, first: Packet, way: Extract<ServiceWay, { kind: 'gateway' }>, service: string, initiatorPorts: string): void {
  noteExistence(w, src);
  if (!endpointMayInitiate(w, src, first)) return;
  const ss = subnetOf(w, src, 'forward', first);
  sgCheck(w, src, 'egress', first, null);
  if (!ss) return;
  naclCheck(w, ss, true, first, 'forward');
  const at = hopAt(way.route.origin, 'AWS::EC2::VPCEndpoint');
  // Gateway endpoints carry TCP and ICMP echo only (Reachability Analyzer VPCE_GATEWAY_PROTOCOL_RESTRICTION).
  if (first.protocol !== 6 && first.protocol !== 1) {
    w.rec.record({ at, direction: 'forward', in: first, decision: 'drop', code: 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', reason: `gateway endpoint ${way.route.target.kind === 'vpc-endpoint' ? String(way.route.target.id) : '?'} carries only TCP and ICMP echo to ${service}` });
  } else {
    w.rec.record({ at, direction: 'forward', in: first, decision: 'pass', rule: `prefix list of ${service} → ${String((way.route.target as { id?: unknown }).id)}`, reason: `the route table of subnet ${ss.id} sends traffic for ${service} to gateway endpoint ${String((way.route.target as { id?: unknown }).id)}, which delivers it to the service inside AWS` });
  }
  w.rec.assume(`the prefix list of ${service} holds only public addresses of ${service} in the region, more specific than any default route of the table; the gateway endpoint's policy is not checked (out of scope)`);
  const back = reply(first);
  naclCheck(w, ss, false, back, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', back);
}
