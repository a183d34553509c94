// Deriving implied flows from the model (docs/implied-flows.md): security-group ingress rules whose
// source is another group or a CIDR inside a VPC of the template, internet-facing load-balancer
// listeners, default routes to a NAT or internet gateway (or to a firewall endpoint in front of one), and
// load balancers' health checks of their targets. A rule from 0.0.0.0/0 or ::/0 states no particular
// client: it implies no flow (that is the exposure report's business). Only elements that certainly exist
// imply anything; a value the template leaves open implies nothing.
import { cidrContains, cidrOverlaps, formatCidr, type Cidr } from '../../net/ip';
import { formatPorts, protocolName, rangeOverlaps, type PortRange } from '../../net/ports';
import { isUnknown, type Endpoint, type FlowProtocol, type Maybe, type NetworkModel, type Placement, type RouteTarget, type SgRule, type Subnet } from '../../model/types';
import type { ImpliedBy, ImpliedFlow, ImpliedPair } from './types';

/** A pair walked over only some placements of its source (the ones the implying element concerns). */
export interface PlacementFilter {
  /** Subnets the source's placements must be in (route flows: the routed subnets). */
  sourceSubnets?: ReadonlySet<string>;
  /** A security group the source's placements must carry (rule flows: the admitted group). */
  sourceGroup?: string;
  /** A security group the destination's placements must carry (rule flows: the admitting group). */
  destinationGroup?: string;
}

export interface DerivedFlow extends ImpliedFlow {
  filter: PlacementFilter;
}

const PROTOCOL_NAMES: Record<number, FlowProtocol> = { [-1]: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };

/** Endpoint kinds that open connections (a database, an endpoint interface or a NAT gateway does not). */
const INITIATOR_KINDS = new Set(['instance', 'network-interface', 'lambda', 'load-balancer']);
/** Other endpoints that open connections: container tasks, Kubernetes nodes, replication instances (not caches, file systems, search domains). */
const INITIATOR_TYPES = new Set(['AWS::ECS::Service', 'AWS::EKS::Nodegroup', 'AWS::DMS::ReplicationInstance']);

function initiates(e: Endpoint): boolean {
  return INITIATOR_KINDS.has(e.kind) || INITIATOR_TYPES.has(e.type);
}

export function deriveImpliedFlows(model: NetworkModel): DerivedFlow[] {
  const out = new Map<string, DerivedFlow>();
  const add = (f: DerivedFlow) => {
    const seen = out.get(f.name);
    if (!seen) out.set(f.name, f);
    else for (const b of f.impliedBy) if (!seen.impliedBy.some((x) => x.id === b.id)) seen.impliedBy.push(b);
  };
  for (const f of ruleFlows(model)) add(f);
  for (const f of listenerFlows(model)) add(f);
  for (const f of routeFlows(model)) add(f);
  for (const f of healthCheckFlows(model)) add(f);
  return [...out.values()];
}

export function flowName(from: string, to: string, protocol: FlowProtocol, port: PortRange | undefined): string {
  return `${from} -> ${to} ${protocolText(protocol, port)}`;
}

export function protocolText(protocol: FlowProtocol, port: PortRange | undefined): string {
  if (protocol === 'all') return 'all';
  return port ? `${protocol}/${formatPorts(port)}` : protocol;
}

/**
 * The endpoints that exist and are placed, without the interfaces attached to an instance (the instance is
 * the endpoint: its placements include them).
 */
function live(model: NetworkModel): Endpoint[] {
  const attached = new Set<string>();
  for (const e of model.endpoints) if (e.kind === 'instance') for (const pl of e.placements) if (pl.networkInterface) attached.add(pl.networkInterface);
  return model.endpoints.filter((e) => e.exists === 'yes' && e.placements.length > 0 && !(e.kind === 'network-interface' && attached.has(e.id)));
}

/**
 * The live endpoints that carry each security group, built once per derivation: looking a group's
 * members up anew for every rule made the derivation quadratic in the template's size.
 */
function groupMembers(model: NetworkModel): (group: string) => Endpoint[] {
  const byGroup = new Map<string, Endpoint[]>();
  for (const e of live(model)) {
    const groups = new Set<string>();
    for (const pl of e.placements) for (const g of pl.securityGroups) if (typeof g === 'string') groups.add(g);
    for (const g of groups) {
      const list = byGroup.get(g);
      if (list) list.push(e);
      else byGroup.set(g, [e]);
    }
  }
  return (group) => byGroup.get(group) ?? [];
}

/** Security-group ingress rules from another group or from a CIDR inside a VPC of the template. */
function ruleFlows(model: NetworkModel): DerivedFlow[] {
  const out: DerivedFlow[] = [];
  const membersOf = groupMembers(model);
  for (const sg of model.securityGroups) {
    if (sg.exists !== 'yes') continue;
    const targets = membersOf(sg.id);
    if (targets.length === 0) continue;
    for (const rule of sg.rules) {
      if (rule.direction !== 'ingress' || rule.exists !== 'yes' || rule.placeholder) continue;
      if (isUnknown(rule.protocol) || isUnknown(rule.ports)) continue;
      const protocol = PROTOCOL_NAMES[rule.protocol];
      if (!protocol) continue;
      const port = protocol === 'tcp' || protocol === 'udp' ? (rule.ports === 'all' ? { from: 0, to: 65535 } : rule.ports) : protocol === 'icmp' && rule.icmp && rule.icmp.type >= 0 ? { from: rule.icmp.type, to: rule.icmp.type } : undefined;
      const sources = ruleSources(model, rule, typeof sg.vpc === 'string' ? sg.vpc : undefined, membersOf);
      if (!sources) continue;
      const by: ImpliedBy = { kind: 'security-group-rule', id: rule.id, origin: rule.origin, text: `security group ${sg.id} admits ${sources.label} on ${protocolText(protocol, port)}` };
      for (const target of targets) {
        // A load balancer accepts connections only on its listener ports: the rule implies those.
        const lb = target.kind === 'load-balancer';
        const ports = lb ? listenerPortsWithin(target, protocol, port) : [port];
        const proto: FlowProtocol = lb && protocol === 'all' ? 'tcp' : protocol;
        for (const p of ports) {
          const pairs: ImpliedPair[] = [];
          for (const s of sources.from) if (s !== target.id) pairs.push({ from: s, to: target.id });
          if (pairs.length === 0) continue;
          const fromLabel = sources.from.length === 1 ? sources.from[0] : sources.label;
          out.push({
            name: flowName(fromLabel, target.id, proto, p),
            fromLabel,
            toLabel: target.id,
            pairs,
            protocol: proto,
            port: p,
            impliedBy: [by],
            filter: { sourceGroup: sources.group, destinationGroup: sg.id },
          });
        }
      }
    }
  }
  return out;
}

function ruleSources(model: NetworkModel, rule: SgRule, home: string | undefined, membersOf: (group: string) => Endpoint[]): { from: string[]; label: string; group?: string } | null {
  const peer = rule.peer;
  if (peer.kind === 'security-group') {
    if (isUnknown(peer.group)) return null;
    const group = peer.group;
    const from = membersOf(group)
      .filter(initiates)
      .map((e) => e.id);
    return from.length ? { from, label: group, group } : null;
  }
  if (peer.kind !== 'cidr' || isUnknown(peer.cidr) || peer.cidr.prefix === 0) return null;
  const cidr = peer.cidr;
  const vpc = model.vpcs.find((v) => v.exists === 'yes' && v.cidrs.some((c) => !isUnknown(c.cidr) && cidrContains(c.cidr, cidr)));
  if (!vpc) return null;
  // A range that holds a whole VPC block ("anything in the VPC") grants a permission but names no client:
  // like 0.0.0.0/0, it implies no particular flow (checking every host of the VPC against it is noise).
  if (model.vpcs.some((v) => v.cidrs.some((c) => !isUnknown(c.cidr) && cidrContains(cidr, c.cidr)))) return null;
  // A range of another VPC is reached through a connection (peering, transit gateway, VPN) that may be
  // made outside the template; the template states that intent only with a route towards the group's VPC.
  if (home !== vpc.id && !(home && connected(model, vpc.id, home))) return null;
  return cidrSources(model, cidr);
}

/** Whether a route table of VPC `from` sends part of VPC `to`'s ranges over a peering, transit gateway or VPN gateway. */
function connected(model: NetworkModel, from: string, to: string): boolean {
  const target = model.index.vpc.get(to);
  if (!target) return false;
  const ranges = target.cidrs.flatMap((c) => (isUnknown(c.cidr) ? [] : [c.cidr]));
  return model.routeTables.some(
    (rt) =>
      rt.vpc === from &&
      rt.routes.some((r) => (r.target.kind === 'vpc-peering' || r.target.kind === 'transit-gateway' || r.target.kind === 'vpn-gateway') && !('prefixList' in r.destination) && !isUnknown(r.destination) && ranges.some((x) => cidrOverlaps(x, r.destination as Cidr))),
  );
}

/**
 * The hosts a CIDR inside a VPC stands for: the workloads placed in the subnets it covers; without any,
 * a probe host in each covered subnet (or the CIDR itself when it lies inside one subnet).
 */
function cidrSources(model: NetworkModel, cidr: Cidr): { from: string[]; label: string } | null {
  const label = formatCidr(cidr);
  const covered = new Set<string>();
  let inside: string | undefined;
  for (const s of model.subnets) {
    if (s.exists !== 'yes' || isUnknown(s.cidr)) continue;
    if (cidrContains(cidr, s.cidr)) covered.add(s.id);
    else if (cidrContains(s.cidr, cidr)) inside = s.id;
  }
  if (covered.size === 0) return inside ? { from: [label], label } : null;
  // Load balancers connect only to their own targets, which an address range does not name.
  const workloads = live(model)
    .filter((e) => initiates(e) && e.kind !== 'load-balancer' && e.placements.every((pl) => typeof pl.subnet === 'string' && covered.has(pl.subnet)))
    .map((e) => e.id);
  return { from: workloads.length ? workloads : [...covered], label };
}

function listenerPortsWithin(lb: Endpoint, protocol: FlowProtocol, port: PortRange | undefined): Array<PortRange | undefined> {
  if (protocol === 'icmp') return [];
  const out: PortRange[] = [];
  for (const l of lb.listeners ?? []) {
    if (l.exists !== 'yes' || l.port === undefined || isUnknown(l.port)) continue;
    const lp = { from: l.port, to: l.port };
    if (protocol !== 'all' && l.protocols && !l.protocols.includes(protocol === 'tcp' ? 6 : 17)) continue;
    if (port && !rangeOverlaps(port, lp)) continue;
    if (!out.some((p) => p.from === lp.from)) out.push(lp);
  }
  return out;
}

/** Internet-facing load-balancer listeners: `internet` to the listener port. */
function listenerFlows(model: NetworkModel): DerivedFlow[] {
  const out: DerivedFlow[] = [];
  for (const lb of live(model)) {
    if (lb.kind !== 'load-balancer') continue;
    // Internet-facing nodes have public addresses (see the model's load balancers); internal ones are
    // reached by the clients their security groups admit, which the rule flows above cover.
    if (!lb.placements.every((pl) => !isUnknown(pl.publicIp) && pl.publicIp.kind === 'auto')) continue;
    for (const l of lb.listeners ?? []) {
      if (l.exists !== 'yes' || l.port === undefined || isUnknown(l.port)) continue;
      const protocol: FlowProtocol = l.protocols && l.protocols.length === 1 && l.protocols[0] === 17 ? 'udp' : 'tcp';
      const port = { from: l.port, to: l.port };
      out.push({
        name: flowName('internet', lb.id, protocol, port),
        fromLabel: 'internet',
        toLabel: lb.id,
        pairs: [{ from: 'internet', to: lb.id }],
        protocol,
        port,
        impliedBy: [{ kind: 'listener', id: l.id, origin: l.origin, text: `listener ${l.id} of ${lb.id} accepts ${protocolName(protocol === 'udp' ? 17 : 6)} ${l.port} from the internet` }],
        filter: {},
      });
    }
  }
  return out;
}

/**
 * The workloads of a subnet: instances (Auto Scaling groups included), standalone network interfaces,
 * Lambda functions and container tasks; not NAT gateways, load balancers, databases or endpoint interfaces.
 */
function workloads(model: NetworkModel): Endpoint[] {
  return live(model).filter((e) => e.kind === 'instance' || e.kind === 'lambda' || e.kind === 'network-interface' || e.type === 'AWS::ECS::Service' || e.type === 'AWS::EKS::Nodegroup');
}

/**
 * What a default route goes out by, as a trace names it, when it states that the subnet's hosts reach the
 * internet: a NAT or internet gateway, or a Network Firewall or Gateway Load Balancer endpoint (a 0.0.0.0/0
 * route to a VPC endpoint can only name one of those: an interface endpoint is no route target, and a gateway
 * endpoint's route is a prefix list), whose subnet then sends the packet on to the gateway.
 */
function defaultRouteTarget(t: RouteTarget): string | undefined {
  const named = (what: string, id: Maybe<string>) => (isUnknown(id) ? `a ${what}` : `${what} ${id}`);
  switch (t.kind) {
    case 'nat-gateway':
      return named('NAT gateway', t.id);
    case 'internet-gateway':
      return named('internet gateway', t.id);
    case 'vpc-endpoint':
      if (!t.firewall) return named('Gateway Load Balancer endpoint', t.id);
      return isUnknown(t.id) ? 'a Network Firewall endpoint' : `an endpoint of Network Firewall ${t.id}`;
    default:
      return undefined;
  }
}

/** Default routes out to the internet (see defaultRouteTarget): the workloads of the subnets using them, to internet tcp/443. */
function routeFlows(model: NetworkModel): DerivedFlow[] {
  const routed = new Map<string, ImpliedBy>();
  const subnetsOf = subnetsByRouteTable(model);
  for (const rt of model.routeTables) {
    if (rt.exists !== 'yes') continue;
    const using = subnetsOf.get(rt.id);
    if (!using) continue;
    for (const r of rt.routes) {
      if (r.exists !== 'yes' || 'prefixList' in r.destination || isUnknown(r.destination)) continue;
      if (r.destination.family !== 4 || r.destination.prefix !== 0) continue;
      const to = defaultRouteTarget(r.target);
      if (!to) continue;
      const by: ImpliedBy = { kind: 'route', id: r.id, origin: r.origin, text: `route table ${rt.id} sends 0.0.0.0/0 to ${to}` };
      for (const s of using) if (!routed.has(s.id)) routed.set(s.id, by);
    }
  }
  if (routed.size === 0) return [];
  const out: DerivedFlow[] = [];
  const port = { from: 443, to: 443 };
  for (const e of workloads(model)) {
    const subnets = new Set<string>();
    const by: ImpliedBy[] = [];
    for (const pl of e.placements) {
      if (typeof pl.subnet !== 'string' || !routed.has(pl.subnet)) continue;
      subnets.add(pl.subnet);
      const b = routed.get(pl.subnet)!;
      if (!by.includes(b)) by.push(b);
    }
    if (subnets.size === 0) continue;
    out.push({
      name: flowName(e.id, 'internet', 'tcp', port),
      fromLabel: e.id,
      toLabel: 'internet',
      pairs: [{ from: e.id, to: 'internet' }],
      protocol: 'tcp',
      port,
      impliedBy: by,
      filter: { sourceSubnets: subnets },
    });
  }
  return out;
}

/**
 * The existing subnets associated with each route table, in model order: looked up per default route
 * instead of scanning every subnet of the template for each (a landing zone has hundreds of both).
 */
function subnetsByRouteTable(model: NetworkModel): Map<string, Subnet[]> {
  const out = new Map<string, Subnet[]>();
  for (const s of model.subnets) {
    if (s.exists !== 'yes' || typeof s.routeTable !== 'string') continue;
    const list = out.get(s.routeTable);
    if (list) list.push(s);
    else out.set(s.routeTable, [s]);
  }
  return out;
}

/**
 * Health checks: every node of an application or network load balancer checks every target of the target
 * groups its listeners forward to, over TCP on the health-check port (the target's traffic port unless
 * HealthCheckPort names one), from the node's own address through the load balancer's security groups
 * (ELB guides, "Health checks for your target groups"; the target's group must admit the load balancer).
 * Targets registered by address are left out: the address names no element of the template's units.
 */
/** A health check as an implied flow: from the load balancer to one target, over TCP on one port. */
function healthCheckFlow(lb: string, target: string, port: PortRange, by: ImpliedBy): DerivedFlow {
  return { name: flowName(lb, target, 'tcp', port), fromLabel: lb, toLabel: target, pairs: [{ from: lb, to: target }], protocol: 'tcp', port, impliedBy: [by], filter: {} };
}

/** A classic load balancer checks each registered instance on its HealthCheck.Target port, over TCP (ELB Classic guide, "Health checks"). */
function classicHealthChecks(lb: Endpoint, placed: ReadonlySet<string>): DerivedFlow[] {
  const hc = lb.loadBalancer?.healthCheck;
  if (!hc || isUnknown(hc.port)) return [];
  const port = { from: hc.port, to: hc.port };
  const out: DerivedFlow[] = [];
  for (const id of new Set(lb.loadBalancer?.instances ?? [])) {
    if (typeof id !== 'string' || !placed.has(id)) continue;
    out.push(healthCheckFlow(lb.id, id, port, { kind: 'health-check', id: lb.id, origin: hc.origin, text: `${lb.id} health-checks ${id} (${hc.protocol}) on port ${hc.port}` }));
  }
  return out;
}

function healthCheckFlows(model: NetworkModel): DerivedFlow[] {
  const out: DerivedFlow[] = [];
  const groups = new Map((model.targetGroups ?? []).map((g) => [g.id, g]));
  const placed = new Set(live(model).map((e) => e.id));
  for (const lb of live(model)) {
    const type = lb.loadBalancer?.type;
    if (lb.kind === 'load-balancer' && type === 'classic') {
      out.push(...classicHealthChecks(lb, placed));
      continue;
    }
    if (lb.kind !== 'load-balancer' || (type !== 'application' && type !== 'network')) continue;
    const seen = new Set<string>();
    for (const l of lb.listeners ?? []) {
      if (l.exists !== 'yes') continue;
      for (const id of l.targetGroups ?? []) {
        if (typeof id !== 'string' || seen.has(id)) continue;
        seen.add(id);
        const g = groups.get(id);
        const hc = g?.healthCheck;
        if (!g || !hc || g.exists !== 'yes' || hc.enabled !== true || isUnknown(hc.port)) continue;
        for (const t of g.targets) {
          if (isUnknown(t.target) || t.target.kind !== 'endpoint' || !placed.has(t.target.id)) continue;
          const p = hc.port === 'traffic-port' ? t.port : hc.port;
          if (p === undefined || isUnknown(p)) continue;
          const port = { from: p, to: p };
          const on = hc.port === 'traffic-port' ? `its traffic port ${p}` : `port ${p}`;
          out.push(healthCheckFlow(lb.id, t.target.id, port, { kind: 'health-check', id: g.id, origin: hc.origin, text: `target group ${g.id}: ${lb.id} health-checks ${t.target.id} (${hc.protocol}) on ${on}` }));
        }
      }
    }
  }
  return out;
}
