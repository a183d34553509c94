// Endpoints that AWS services place in subnets: Elastic Load Balancing load balancers (v2 and classic)
// and interface / Gateway Load Balancer VPC endpoints. Each node or endpoint ENI is a placement.
import type { Endpoint, PublicAddress } from './types';
import { isUnknown } from './types';
import { asMap, at, field, originOf, prop, readList, readLink, readString, resourcesOfType, unknown, type Ctx } from './read';
import { EPHEMERAL, endpoint, placement, securityGroups, type Lookups } from './placements';
import type { RValue } from '../template/values';

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
    out.push(e);
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCEndpoint')) {
    const type = readString(at(ctx, r.id, 'VpcEndpointType'), prop(r, 'VpcEndpointType'));
    if (type !== 'Interface' && type !== 'GatewayLoadBalancer') continue; // gateway endpoints are routes
    const e = endpoint(r, 'vpc-endpoint', EPHEMERAL.vpcEndpoint);
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
