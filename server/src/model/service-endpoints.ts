// Endpoints that AWS services place in subnets: Elastic Load Balancing load balancers (v2 and classic)
// and interface / Gateway Load Balancer VPC endpoints. Each node or endpoint ENI is a placement.
import type { Endpoint, LbListener, PublicAddress, Unknown } from './types';
import { isUnknown } from './types';
import { asMap, at, existsOf, field, originOf, prop, readBool, readList, readLink, readNumber, readString, resourcesOfType, unknown, type Ctx } from './read';
import { serviceOfEndpoint } from './aws-services';
import { EPHEMERAL, endpoint, placement, securityGroups, type Lookups } from './placements';
import type { RValue, ResolvedResource } from '../template/values';
import { get, type LNode } from '../template/located';

export function buildServiceEndpoints(ctx: Ctx, lk: Lookups): Endpoint[] {
  const out: Endpoint[] = [];
  for (const r of resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer')) {
    const v2 = r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer';
    const e = endpoint(r, 'load-balancer', EPHEMERAL.loadBalancer);
    const type = v2 ? readString(at(ctx, r.id, 'Type'), prop(r, 'Type')) ?? 'application' : 'classic';
    // Scheme defaults to internet-facing for both generations (ELB API reference).
    const scheme = readString(at(ctx, r.id, 'Scheme'), prop(r, 'Scheme')) ?? 'internet-facing';
    const pub: PublicAddress = isUnknown(scheme)
      ? scheme
      : scheme === 'internal'
        ? { kind: 'none', reason: 'the load balancer is internal' }
        : { kind: 'auto', reason: 'internet-facing load balancer nodes have public addresses' };
    const sgs = securityGroups(ctx, r.id, 'SecurityGroups', prop(r, 'SecurityGroups'));
    // Application and classic load balancers always have security groups (the VPC default when none is
    // given); network load balancers have them only when given; gateway load balancers never.
    const wantsDefault = type === 'application' || type === 'classic';
    const subnets: Array<{ v: RValue }> = [];
    const list = readList(at(ctx, r.id, 'Subnets'), prop(r, 'Subnets'));
    if (list && !isUnknown(list)) for (const v of list) subnets.push({ v });
    const mappings = readList(at(ctx, r.id, 'SubnetMappings'), prop(r, 'SubnetMappings'));
    if (mappings && !isUnknown(mappings)) for (const m of mappings) if (asMap(m)) subnets.push({ v: field(m, 'SubnetId') ?? m });
    if (isUnknown(list) || isUnknown(mappings)) {
      const u = isUnknown(list) ? list : (mappings as never);
      e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(r, u.range), wantsDefault));
    }
    for (const { v } of subnets) {
      const s = readLink(at(ctx, r.id, 'Subnets'), v);
      if (s !== undefined) e.placements.push(placement(ctx, lk, s, undefined, pub, sgs, originOf(r, v.range), wantsDefault));
    }
    if (e.placements.length === 0) {
      const u = unknown(ctx, r.id, 'Subnets', 'the load balancer names no subnets (a classic load balancer in AvailabilityZones uses the default VPC)', r.idRange);
      e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(r), wantsDefault));
    }
    e.listeners = v2 ? [] : classicListeners(ctx, r);
    out.push(e);
  }
  v2Listeners(ctx, out);
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCEndpoint')) {
    const type = readString(at(ctx, r.id, 'VpcEndpointType'), prop(r, 'VpcEndpointType'));
    if (type !== 'Interface' && type !== 'GatewayLoadBalancer') continue; // gateway endpoints are routes
    const e = endpoint(r, 'vpc-endpoint', EPHEMERAL.vpcEndpoint);
    if (type === 'GatewayLoadBalancer') e.inspection = gwlbService(ctx, r);
    const name = type === 'Interface' ? serviceOfEndpoint(r) : undefined;
    // PrivateDnsEnabled defaults to false in CloudFormation (AWS::EC2::VPCEndpoint reference).
    if (name) e.service = { name, privateDns: readBool(at(ctx, r.id, 'PrivateDnsEnabled'), prop(r, 'PrivateDnsEnabled')) ?? false };
    const sgs = type === 'Interface' ? securityGroups(ctx, r.id, 'SecurityGroupIds', prop(r, 'SecurityGroupIds')) : [];
    const pub: PublicAddress = { kind: 'none', reason: 'VPC endpoint network interfaces have no public address' };
    const list = readList(at(ctx, r.id, 'SubnetIds'), prop(r, 'SubnetIds'));
    if (isUnknown(list)) e.placements.push(placement(ctx, lk, list, undefined, pub, sgs, originOf(r, list.range), type === 'Interface'));
    else {
      for (const v of list ?? []) {
        const s = readLink(at(ctx, r.id, 'SubnetIds'), v);
        if (s !== undefined) e.placements.push(placement(ctx, lk, s, undefined, pub, sgs, originOf(r, v.range), type === 'Interface'));
      }
    }
    out.push(e);
  }
  return out;
}

/**
 * A Gateway Load Balancer endpoint's service, when its ServiceName names an AWS::EC2::VPCEndpointService of
 * the template (`!Sub com.amazonaws.vpce.${AWS::Region}.${Service}`, a Join with `!Ref Service`), and that
 * service's Gateway Load Balancers (GatewayLoadBalancerArns): the appliances behind them are its targets.
 */
function gwlbService(ctx: Ctx, r: ResolvedResource): NonNullable<Endpoint['inspection']> {
  const out: NonNullable<Endpoint['inspection']> = { kind: 'gwlb' };
  const named = namesIn(get(get(r.node, 'Properties'), 'ServiceName'), 0);
  const svc = named.map((id) => ctx.rt.resources.get(id)).find((x) => x?.type === 'AWS::EC2::VPCEndpointService');
  if (!svc) return out;
  out.service = svc.id;
  const lbs = readList(at(ctx, svc.id, 'GatewayLoadBalancerArns'), prop(svc, 'GatewayLoadBalancerArns'));
  if (lbs && !isUnknown(lbs)) {
    const ids = lbs.map((v) => readLink(at(ctx, svc.id, 'GatewayLoadBalancerArns'), v)).filter((x): x is string => typeof x === 'string');
    if (ids.length) out.loadBalancers = ids;
  }
  return out;
}

/** The logical ids an expression refers to: `Ref X`, `Fn::GetAtt X.…`, `${X}` in a Sub string (bounded depth). */
function namesIn(n: LNode | undefined, depth: number): string[] {
  if (!n || depth > 8) return [];
  if (n.kind === 'scalar') return typeof n.value === 'string' ? [...n.value.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}/g)].map((m) => m[1]) : [];
  if (n.kind === 'seq') return n.items.flatMap((x) => namesIn(x, depth + 1));
  const out: string[] = [];
  for (const e of n.entries) {
    if (e.key === 'Ref' && e.value.kind === 'scalar' && typeof e.value.value === 'string') out.push(e.value.value);
    else if (e.key === 'Fn::GetAtt' && e.value.kind === 'scalar' && typeof e.value.value === 'string') out.push(e.value.value.split('.')[0]);
    else out.push(...namesIn(e.value, depth + 1));
  }
  return out;
}

/** Listener protocol names → the IP protocols they accept (ELB API reference, Listener Protocol). */
function listenerProtocols(name: string | Unknown | undefined): number[] | undefined {
  if (typeof name !== 'string') return undefined;
  const n = name.toUpperCase();
  if (['HTTP', 'HTTPS', 'TCP', 'TLS', 'SSL'].includes(n)) return [6];
  if (n === 'UDP') return [17];
  if (n === 'TCP_UDP') return [6, 17];
  return undefined;
}

/** AWS::ElasticLoadBalancingV2::Listener resources, attached to the load balancer their LoadBalancerArn names. */
function v2Listeners(ctx: Ctx, lbs: Endpoint[]): void {
  const byId = new Map(lbs.map((e) => [e.id, e]));
  for (const r of resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = readLink(at(ctx, r.id, 'LoadBalancerArn'), prop(r, 'LoadBalancerArn'));
    const e = typeof lb === 'string' ? byId.get(lb) : undefined;
    if (!e) continue;
    const port = readNumber(at(ctx, r.id, 'Port'), prop(r, 'Port'));
    const listener: LbListener = { id: r.id, origin: originOf(r, prop(r, 'Port')?.range), exists: existsOf(r) };
    if (port !== undefined) listener.port = port;
    const protocols = listenerProtocols(readString(at(ctx, r.id, 'Protocol'), prop(r, 'Protocol')));
    if (protocols) listener.protocols = protocols;
    e.listeners!.push(listener);
  }
}

/** A classic load balancer's Listeners property (LoadBalancerPort, Protocol). */
function classicListeners(ctx: Ctx, r: ResolvedResource): LbListener[] {
  const out: LbListener[] = [];
  const list = readList(at(ctx, r.id, 'Listeners'), prop(r, 'Listeners'));
  if (list === undefined) return out;
  if (isUnknown(list)) return [{ id: `${r.id}#listeners`, port: list, origin: originOf(r, list.range), exists: existsOf(r) }];
  list.forEach((item, i) => {
    const m = asMap(item);
    if (!m) return;
    const port = readNumber(at(ctx, r.id, `Listeners[${i}].LoadBalancerPort`), field(m, 'LoadBalancerPort'));
    const l: LbListener = { id: `${r.id}#listener:${i}`, port: port ?? unknown(ctx, r.id, `Listeners[${i}].LoadBalancerPort`, 'the listener has no LoadBalancerPort', item.range), origin: originOf(r, item.range), exists: existsOf(r) };
    const protocols = listenerProtocols(readString(at(ctx, r.id, `Listeners[${i}].Protocol`), field(m, 'Protocol')));
    if (protocols) l.protocols = protocols;
    out.push(l);
  });
  return out;
}
