// What every endpoint builder shares: the ephemeral port ranges (and the assumption each states), and
// the making of placements (an ENI in a subnet, with the VPC's default security group when none is given).
import type { Endpoint, EndpointKind, Maybe, Placement, PublicAddress, Subnet } from './types';
import { isUnknown } from './types';
import { at, existsOf, originOf, readLink, readList, unknown, type Ctx } from './read';
import { defaultSecurityGroupId } from './vpcs';
import type { PortRange } from '../net/ports';
import type { RValue, ResolvedResource } from '../template/values';

const LINUX: PortRange = { from: 32768, to: 60999 };
const WIDE: PortRange = { from: 1024, to: 65535 };

export const EPHEMERAL = {
  instance: {
    range: LINUX,
    assumption: 'EC2 instance OS not given by the template: Linux default ip_local_port_range 32768-60999 assumed (kernel ip-sysctl.rst)',
  },
  networkInterface: {
    range: LINUX,
    assumption: 'the host behind the network interface is not given by the template: Linux default ip_local_port_range 32768-60999 assumed (kernel ip-sysctl.rst)',
  },
  lambda: {
    range: WIDE,
    assumption: 'Lambda functions use source ports 1024-65535 (AWS VPC guide, network ACL ephemeral ports)',
  },
  natGateway: {
    range: WIDE,
    assumption: 'a NAT gateway uses source ports 1024-65535 (AWS VPC guide, NAT gateways and network ACL ephemeral ports)',
  },
  loadBalancer: {
    range: WIDE,
    assumption: 'load balancers connect to targets from ports 1024-65535 (AWS VPC guide, network ACL ephemeral ports)',
  },
  vpcEndpoint: {
    range: WIDE,
    assumption: 'an interface endpoint answers from its service; 1024-65535 assumed for any connection it makes',
  },
  rds: {
    range: LINUX,
    assumption: 'RDS runs on Linux hosts: Linux default ip_local_port_range 32768-60999 assumed (kernel ip-sysctl.rst)',
  },
} as const;

export interface Lookups {
  subnets: Map<string, Subnet>;
  /** The Elastic IP of an instance or network interface, by `kind id` (endpoints.ts). */
  eipOf: Map<string, string>;
}

export function endpoint(r: ResolvedResource, kind: EndpointKind, eph: { range: PortRange; assumption: string }): Endpoint {
  return { id: r.id, type: r.type, kind, placements: [], ephemeral: { range: { ...eph.range }, assumption: eph.assumption }, origin: originOf(r), exists: existsOf(r) };
}

export function securityGroups(ctx: Ctx, resource: string, property: string, v: RValue | undefined): Array<Maybe<string>> {
  const items = readList(at(ctx, resource, property), v);
  if (items === undefined) return [];
  if (isUnknown(items)) return [items];
  const out: Array<Maybe<string>> = [];
  for (const item of items) {
    const g = readLink(at(ctx, resource, property), item);
    if (g !== undefined) out.push(g);
  }
  return out;
}

/** A placement in a subnet; no security group means the VPC's default one (when `defaultSg`). */
export function placement(ctx: Ctx, lk: Lookups, subnet: Maybe<string>, privateIp: Placement['privateIp'], publicIp: PublicAddress, sgs: Array<Maybe<string>>, origin: Placement['origin'], defaultSg: boolean, sourceDestCheck = true): Placement {
  const p: Placement = { subnet, publicIp, securityGroups: sgs, sourceDestCheck, origin };
  if (privateIp !== undefined) p.privateIp = privateIp;
  if (sgs.length === 0 && defaultSg) {
    const s = typeof subnet === 'string' ? lk.subnets.get(subnet) : undefined;
    if (s && typeof s.vpc === 'string') p.securityGroups = [defaultSecurityGroupId(s.vpc)];
    else p.securityGroups = [unknown(ctx, origin.resource, 'SecurityGroupIds', 'no security group is given and the subnet\u2019s VPC is unknown, so its default security group is unknown', origin.range)];
    p.usesDefaultSecurityGroup = true;
  }
  return p;
}


/** A launched instance's public address: AssociatePublicIpAddress when given, else the subnet's MapPublicIpOnLaunch. */
export function autoPublic(lk: Lookups, subnet: Maybe<string>, explicit: Maybe<boolean> | undefined): PublicAddress {
  if (explicit !== undefined) {
    if (isUnknown(explicit)) return explicit;
    return explicit ? { kind: 'auto', reason: 'AssociatePublicIpAddress is true' } : { kind: 'none', reason: 'AssociatePublicIpAddress is false' };
  }
  if (isUnknown(subnet)) return subnet;
  const s = lk.subnets.get(subnet);
  if (!s) return { kind: 'none', reason: `subnet ${subnet} is not in the template` };
  if (isUnknown(s.mapPublicIpOnLaunch)) return s.mapPublicIpOnLaunch;
  return s.mapPublicIpOnLaunch
    ? { kind: 'auto', reason: `subnet ${subnet} has MapPublicIpOnLaunch true` }
    : { kind: 'none', reason: `subnet ${subnet} does not map public IPs on launch and no Elastic IP is associated` };
}

