// A middlebox endpoint a route sends traffic to: an AWS Network Firewall endpoint or a Gateway Load
// Balancer endpoint. The endpoint is a network interface in its own subnet, with no security group (a
// firewall endpoint is managed by Network Firewall; CloudFormation's AWS::EC2::VPCEndpoint takes
// SecurityGroupIds for interface endpoints only), and it changes no address: the packet comes back from
// the inspection unchanged and goes on by the route table of the endpoint's subnet (Network Firewall
// Developer Guide, "Architecture and routing examples"; VPC User Guide, "Gateway route tables").
// What the inspection decides (the firewall policy's rule groups, the appliance's configuration) is not
// evaluated: the walk assumes it passes the flow and says so.
//
// Routes must send both directions of a flow through the same endpoint: "When routing traffic through a
// middlebox appliance, the return traffic from the destination subnet must be routed through the same
// appliance. Asymmetric routing is not supported" (VPC User Guide, "Gateway route tables"); Network
// Firewall "doesn't support asymmetric routing" (Developer Guide, "Avoiding asymmetric routing").
import { isUnknown, type Endpoint, type RouteTable, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { RouteChoice } from './route-table';
import type { WalkContext } from './walk-context';

/** One middlebox endpoint the packet goes through. */
export interface InspectionHop {
  kind: 'firewall' | 'gwlb';
  /** The firewall's or the VPC endpoint's logical id. */
  id: string;
  /** Which endpoint, for symmetry: the firewall and its EndpointIds element, or the VPC endpoint. */
  key: string;
  /** "the firewall endpoint of Fw in subnet FwSubnetA (us-east-1a)", for messages. */
  name: string;
  subnet: Subnet;
  at: HopAt;
  endpoint: Endpoint;
}

/** Whether a route's target is a middlebox endpoint the walk goes through. */
export function isInspectionTarget(w: WalkContext, t: { kind: string; id?: string }): boolean {
  if (t.kind !== 'vpc-endpoint' || !t.id) return false;
  return w.model.index.endpoint.get(t.id)?.inspection !== undefined;
}

/** Whether every placement of the endpoint a route names is in subnet `s` (then no network ACL lies between them). */
export function endpointOnlyIn(w: WalkContext, t: RouteChoice, s: Subnet): boolean {
  const e = t.id ? w.model.index.endpoint.get(t.id) : undefined;
  return !!e && e.placements.length > 0 && e.placements.every((pl) => pl.subnet === s.id);
}

function zoneText(s: Subnet): string {
  return isUnknown(s.az) ? 'zone unknown' : s.az;
}

/**
 * The endpoint a route names, with its subnet; null (with the unknown recorded) when the template does
 * not decide which endpoint or subnet it is.
 */
export function inspectionFor(w: WalkContext, t: RouteChoice, direction: Direction, p: Packet): InspectionHop | null {
  const e = w.model.index.endpoint.get(t.id!)!;
  const kind = e.inspection!.kind;
  const at = hopAt(e.origin, e.type);
  const routeAt = hopAt(t.route.origin, 'AWS::EC2::Route');
  if (e.exists === 'unknown') w.rec.recordUnknown({ at, direction, packet: p, reason: `${e.id} is created only under a Condition the template does not decide` });
  const subnetOf = (i: number): Subnet | null => {
    const s = e.placements[i]?.subnet;
    if (s === undefined) return null;
    if (isUnknown(s)) {
      w.rec.recordUnknown({ at, direction, packet: p, range: s.range, reason: `the subnet of ${e.id} is unknown: ${s.reason}` });
      return null;
    }
    const sub = w.model.index.subnet.get(s);
    if (!sub) w.rec.recordUnknown({ at, direction, packet: p, reason: `subnet ${s} of ${e.id} is not in the model` });
    return sub ?? null;
  };
  if (kind === 'gwlb') {
    if (e.placements.length === 0) {
      w.rec.recordUnknown({ at, direction, packet: p, reason: `Gateway Load Balancer endpoint ${e.id} names no subnet` });
      return null;
    }
    const s = subnetOf(0);
    if (!s) return null;
    return { kind, id: e.id, key: e.id, name: `Gateway Load Balancer endpoint ${e.id} (subnet ${s.id}, ${zoneText(s)})`, subnet: s, at, endpoint: e };
  }
  const pick = t.route.target.kind === 'vpc-endpoint' ? t.route.target.firewall : undefined;
  if (!pick) {
    w.rec.recordUnknown({ at: routeAt, direction, packet: p, reason: `the route names firewall ${e.id} itself, not one of its endpoints (a route needs an endpoint id from ${e.id}.EndpointIds)` });
    return null;
  }
  if (pick.index === null) {
    w.rec.recordUnknown({ at: routeAt, direction, packet: p, reason: `${pick.reason ?? `the route does not say which endpoint of ${e.id} it uses`}, so which firewall endpoint (and which subnet's route table carries the packet on) is unknown` });
    return null;
  }
  const n = e.placements.length;
  // SubnetMappings the template cannot read: one placement whose subnet is unknown, the count unknown too.
  if (n === 1 && isUnknown(e.placements[0].subnet)) {
    subnetOf(0);
    return null;
  }
  if (pick.index >= n) {
    w.rec.recordUnknown({ at: routeAt, direction, packet: p, reason: `the route selects element ${pick.index} of ${e.id}.EndpointIds, but the firewall has ${n} subnet mapping${n === 1 ? '' : 's'} and so ${n} endpoint${n === 1 ? '' : 's'}: Fn::Select fails and the stack does not deploy as written` });
    return null;
  }
  const key = `${e.id}#${pick.index}`;
  if (n === 1) {
    const s = subnetOf(0);
    if (!s) return null;
    return { kind, id: e.id, key, name: `the firewall endpoint of ${e.id} in subnet ${s.id} (${zoneText(s)})`, subnet: s, at, endpoint: e };
  }
  // Several endpoints: CloudFormation lists EndpointIds in no particular order, so element i is the endpoint
  // of one of the mapped subnets. When they all route and filter alike, which one does not matter.
  const subnets: Subnet[] = [];
  for (let i = 0; i < n; i++) {
    const s = subnetOf(i);
    if (!s) return null;
    subnets.push(s);
  }
  const same = (f: (s: Subnet) => unknown): boolean => subnets.every((s) => JSON.stringify(f(s)) === JSON.stringify(f(subnets[0])));
  const listed = subnets.map((s) => `${s.id} (${zoneText(s)})`).join(', ');
  if (!same((s) => s.routeTable) || !same((s) => s.networkAcl)) {
    w.rec.recordUnknown({
      at: routeAt,
      direction,
      packet: p,
      reason: `the route sends ${formatAddr(p.dst)} to element ${pick.index} of ${e.id}.EndpointIds, the endpoint in one of its subnets ${listed}; CloudFormation lists EndpointIds in no particular order, so which subnet it is, and so which route table carries the packet on, is unknown`,
    });
    return null;
  }
  w.rec.assume(`element ${pick.index} of ${e.id}.EndpointIds is the endpoint in one of ${listed} (EndpointIds come in no particular order); those subnets share their route table and network ACL, so which one does not change the path`);
  return { kind, id: e.id, key, name: `endpoint ${pick.index} of firewall ${e.id} (in one of ${subnets.map((s) => s.id).join(', ')})`, subnet: subnets[0], at, endpoint: e };
}

/** What inspects the packet, for the assumption: the firewall's policy, or the appliances behind a GWLB endpoint. */
function inspectorText(w: WalkContext, ep: InspectionHop): string {
  const ins = ep.endpoint.inspection!;
  if (ep.kind === 'firewall') {
    const pol = ins.policy === undefined ? 'its firewall policy' : isUnknown(ins.policy) ? `its firewall policy (${ins.policy.reason})` : `firewall policy ${ins.policy}`;
    return `firewall ${ep.id}'s rules (${pol})`;
  }
  if (!ins.service) return `the appliances behind Gateway Load Balancer endpoint ${ep.id} (its endpoint service is not declared in the template)`;
  const lbs = ins.loadBalancers ?? [];
  const targets: string[] = [];
  for (const lb of lbs) {
    for (const l of w.model.index.endpoint.get(lb)?.listeners ?? []) {
      for (const tg of l.targetGroups ?? []) {
        if (isUnknown(tg)) continue;
        for (const t of w.model.index.targetGroup?.get(tg)?.targets ?? []) {
          if (isUnknown(t.target)) continue;
          targets.push(t.target.kind === 'endpoint' ? t.target.id : t.target.ip);
        }
      }
    }
  }
  const behind = lbs.length ? `, Gateway Load Balancer ${lbs.join(', ')}${targets.length ? `, appliances ${[...new Set(targets)].join(', ')}` : ''}` : '';
  return `the appliances behind Gateway Load Balancer endpoint ${ep.id} (endpoint service ${ins.service}${behind})`;
}

/** The endpoint takes the packet, has it inspected (assumed to pass) and sends it on unchanged. */
export function inspect(w: WalkContext, ep: InspectionHop, p: Packet, direction: Direction): void {
  const who = inspectorText(w, ep);
  w.rec.assume(`${who} are assumed to let this flow through, both ways: packetwalk does not evaluate ${ep.kind === 'firewall' ? 'Network Firewall rule groups' : 'what an appliance does'}`);
  w.rec.record({
    at: ep.at,
    direction,
    in: p,
    decision: 'pass',
    rule: ep.kind === 'firewall' ? 'inspection by the firewall policy (assumed to pass, not evaluated)' : 'inspection by the appliances (assumed to pass, not evaluated)',
    code: ep.kind === 'firewall' ? 'FIREWALL_POLICY_NOT_EVALUATED' : 'PATH_THROUGH_GWLB_NOT_CHECKED',
    reason: `${ep.name} takes the ${direction === 'return' ? 'reply' : 'packet'} for inspection by ${who} and sends it on unchanged (no address translation) by the route table of subnet ${ep.subnet.id}`,
  });
}

/**
 * Both directions of a flow must go through the same middlebox endpoints. `fwd` and `back` are the endpoints
 * of the request and of the reply; `rt` is the route table that sent the reply its way (the blamed element).
 */
export function checkSymmetry(w: WalkContext, fwd: InspectionHop[], back: InspectionHop[], p: Packet, rt: RouteTable | null, hint = ''): void {
  const keys = (xs: InspectionHop[]): string => xs.map((x) => x.key).sort().join(',');
  if (keys(fwd) === keys(back)) return;
  const onlyFwd = fwd.filter((x) => !back.some((y) => y.key === x.key));
  const onlyBack = back.filter((x) => !fwd.some((y) => y.key === x.key));
  const first = onlyFwd[0] ?? onlyBack[0];
  const names = (xs: InspectionHop[]): string => xs.map((x) => x.name).join(' and ');
  const what =
    onlyFwd.length && onlyBack.length
      ? `the request goes through ${names(onlyFwd)} but the reply through ${names(onlyBack)}`
      : onlyFwd.length
        ? `the request goes through ${names(onlyFwd)}, but the reply is routed around it`
        : `the reply is routed through ${names(onlyBack)}, which never saw the request`;
  const firewall = [...onlyFwd, ...onlyBack].some((x) => x.kind === 'firewall');
  const why = firewall
    ? 'a Network Firewall endpoint must see both directions of a flow, and the firewall drops traffic it sees one way only (asymmetric routing is not supported)'
    : 'a middlebox must see both directions of a flow through the same endpoint (asymmetric routing through a Gateway Load Balancer endpoint is not supported)';
  const blame = rt ? { resource: rt.origin.resource, element: rt.origin.element, range: rt.origin.range } : undefined;
  w.rec.record({ at: first.at, direction: 'return', in: p, decision: 'drop', code: 'MIDDLEBOX_ASYMMETRIC_ROUTING', reason: `${what}${hint}: ${why}`, blame });
}
