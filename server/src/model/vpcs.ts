// VPCs, their CIDR blocks (CidrBlock and AWS::EC2::VPCCidrBlock), and the elements every VPC has
// without the template declaring them: the main route table, the default network ACL (rule 100 allows
// everything both ways, then the `*` deny the walk applies) and the default security group
// (AWS VPC guide: vpc-network-acls.md "Default network ACL", default-security-group.md).
import type { NaclEntry, NetworkAcl, RouteTable, SecurityGroup, SgRule, Vpc } from './types';
import { at, existsOf, originOf, prop, propRange, readBool, readCidr, readLink, resourcesOfType, unknown, type Ctx } from './read';
import { parseCidr, type Cidr } from '../net/ip';

const ANY_V4 = (parseCidr('0.0.0.0/0') as { cidr: Cidr }).cidr;
const ANY_V6 = (parseCidr('::/0') as { cidr: Cidr }).cidr;

export function mainRouteTableId(vpc: string): string {
  return `${vpc}#main`;
}
export function defaultNetworkAclId(vpc: string): string {
  return `${vpc}#default-acl`;
}
export function defaultSecurityGroupId(vpc: string): string {
  return `${vpc}#default-sg`;
}

export interface VpcParts {
  vpcs: Vpc[];
  mainRouteTables: RouteTable[];
  defaultNetworkAcls: NetworkAcl[];
  defaultSecurityGroups: SecurityGroup[];
}

export function buildVpcs(ctx: Ctx): VpcParts {
  const parts: VpcParts = { vpcs: [], mainRouteTables: [], defaultNetworkAcls: [], defaultSecurityGroups: [] };
  const byId = new Map<string, Vpc>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPC')) {
    const exists = existsOf(r);
    const vpc: Vpc = {
      id: r.id,
      cidrs: [],
      mainRouteTable: mainRouteTableId(r.id),
      defaultNetworkAcl: defaultNetworkAclId(r.id),
      defaultSecurityGroup: defaultSecurityGroupId(r.id),
      origin: originOf(r),
      exists,
    };
    const dns = readBool(at(ctx, r.id, 'EnableDnsSupport'), prop(r, 'EnableDnsSupport'));
    vpc.dnsSupport = { value: dns ?? true, range: propRange(r, 'EnableDnsSupport') };
    const cidr = readCidr(at(ctx, r.id, 'CidrBlock'), prop(r, 'CidrBlock'));
    if (cidr !== undefined) {
      vpc.cidrs.push({ cidr, origin: originOf(r, propRange(r, 'CidrBlock')), exists });
    } else if (prop(r, 'Ipv4IpamPoolId')) {
      const range = propRange(r, 'Ipv4IpamPoolId');
      const u = unknown(ctx, r.id, 'CidrBlock', 'the IPv4 block is allocated from an IPAM pool at deploy time', range);
      vpc.cidrs.push({ cidr: u, origin: originOf(r, range), exists });
    }
    byId.set(r.id, vpc);
    parts.vpcs.push(vpc);
    parts.mainRouteTables.push({
      id: vpc.mainRouteTable,
      vpc: r.id,
      implicit: 'mainRouteTable',
      routes: [],
      origin: originOf(r, r.idRange, 'mainRouteTable'),
      exists,
    });
    parts.defaultNetworkAcls.push(defaultNacl(r.id, originOf(r, r.idRange, 'defaultNetworkAcl'), exists));
    parts.defaultSecurityGroups.push(defaultSg(r.id, originOf(r, r.idRange, 'defaultSecurityGroup'), exists));
  }

  const withIpv6 = new Set<string>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCCidrBlock')) {
    const vpcId = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    const vpc = typeof vpcId === 'string' ? byId.get(vpcId) : undefined;
    if (!vpc) continue; // a block for a VPC outside the template changes nothing we model
    const exists = existsOf(r) === 'unknown' || vpc.exists === 'unknown' ? 'unknown' : 'yes';
    const v4 = readCidr(at(ctx, r.id, 'CidrBlock'), prop(r, 'CidrBlock'));
    if (v4 !== undefined) vpc.cidrs.push({ cidr: v4, origin: originOf(r, propRange(r, 'CidrBlock')), exists });
    const v6 = readCidr(at(ctx, r.id, 'Ipv6CidrBlock'), prop(r, 'Ipv6CidrBlock'));
    if (v6 !== undefined) vpc.cidrs.push({ cidr: v6, origin: originOf(r, propRange(r, 'Ipv6CidrBlock')), exists, ipv6: true });
    const amazon = readBool(at(ctx, r.id, 'AmazonProvidedIpv6CidrBlock'), prop(r, 'AmazonProvidedIpv6CidrBlock'));
    const pooled = ['Ipv4IpamPoolId', 'Ipv6IpamPoolId', 'Ipv6Pool'].find((p) => prop(r, p) !== undefined);
    if (v6 !== undefined || amazon === true || prop(r, 'Ipv6IpamPoolId') !== undefined) withIpv6.add(vpc.id);
    if (amazon === true && v6 === undefined) {
      const range = propRange(r, 'AmazonProvidedIpv6CidrBlock');
      const u = unknown(ctx, r.id, 'AmazonProvidedIpv6CidrBlock', 'Amazon assigns the IPv6 /56 block at deploy time', range);
      vpc.cidrs.push({ cidr: u, origin: originOf(r, range), exists, ipv6: true });
    } else if (pooled && v4 === undefined && v6 === undefined) {
      const range = propRange(r, pooled);
      const u = unknown(ctx, r.id, pooled, `the block is allocated from ${pooled} at deploy time`, range);
      vpc.cidrs.push({ cidr: u, origin: originOf(r, range), exists, ...(pooled === 'Ipv4IpamPoolId' ? {} : { ipv6: true as const }) });
    }
  }
  // The default security group allows all outbound IPv6 (::/0) only when the VPC has an IPv6 block
  // (VPC User Guide, default-security-group.md: "This rule is added only if your VPC has an associated
  // IPv6 CIDR block").
  for (const sg of parts.defaultSecurityGroups) {
    if (typeof sg.vpc === 'string' && !withIpv6.has(sg.vpc)) sg.rules = sg.rules.filter((r) => !r.id.endsWith(':egress-v6'));
  }
  return parts;
}

function defaultNacl(vpc: string, origin: NetworkAcl['origin'], exists: NetworkAcl['exists']): NetworkAcl {
  const id = defaultNetworkAclId(vpc);
  // Rule 100 (IPv4) and 101 (IPv6) allow everything in both directions, as EC2 creates them.
  const entry = (egress: boolean, v6: boolean): NaclEntry => ({
    id: `${id}:${egress ? 'egress' : 'ingress'}:${v6 ? 101 : 100}`,
    ruleNumber: v6 ? 101 : 100,
    egress,
    action: 'allow',
    protocol: -1,
    cidr: v6 ? ANY_V6 : ANY_V4,
    origin,
    exists,
  });
  return {
    id,
    vpc,
    implicit: 'defaultNetworkAcl',
    entries: [entry(false, false), entry(false, true), entry(true, false), entry(true, true)],
    origin,
    exists,
  };
}

function defaultSg(vpc: string, origin: SecurityGroup['origin'], exists: SecurityGroup['exists']): SecurityGroup {
  const id = defaultSecurityGroupId(vpc);
  const rule = (suffix: string, direction: SgRule['direction'], peer: SgRule['peer']): SgRule => ({
    id: `${id}:${suffix}`,
    direction,
    protocol: -1,
    ports: 'all',
    peer,
    origin,
    exists,
  });
  return {
    id,
    vpc,
    implicit: 'defaultSecurityGroup',
    rules: [
      rule('ingress-self', 'ingress', { kind: 'security-group', group: id }),
      rule('egress-v4', 'egress', { kind: 'cidr', cidr: ANY_V4 }),
      rule('egress-v6', 'egress', { kind: 'cidr', cidr: ANY_V6 }),
    ],
    egressAssumption: `the default security group of VPC ${vpc} keeps EC2's allow-all egress (CloudFormation does not manage it)`,
    origin,
    exists,
  };
}
