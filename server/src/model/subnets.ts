// Subnets and the route table and network ACL in force for each: an explicit association, else the
// VPC's main route table / default NACL (AWS VPC guide: "Subnets without an explicit association use
// the main route table"; "each subnet … is automatically associated with the default network ACL").
import type { Maybe, Origin, Subnet, Vpc } from './types';
import { isUnknown } from './types';
import { at, existsOf, originOf, prop, propRange, readBool, readCidr, readLink, readString, resourcesOfType, unknown, type Ctx } from './read';
import { defaultNetworkAclId, mainRouteTableId } from './vpcs';
import type { ResolvedResource } from '../template/values';
import { cidrContains, formatCidr, type Cidr } from '../net/ip';
import { subnetIpv6FromVpcBlock } from './ipv6-blocks';

interface Assoc {
  res: ResolvedResource;
  target: string;
}

export function buildSubnets(ctx: Ctx, vpcs: Vpc[]): Subnet[] {
  const subnets: Subnet[] = [];
  // Looked up per subnet: a map (first VPC of each id, as a find would give) rather than a scan per subnet.
  const vpcById = new Map<string, Vpc>();
  for (const v of vpcs) if (!vpcById.has(v.id)) vpcById.set(v.id, v);
  for (const r of resourcesOfType(ctx, 'AWS::EC2::Subnet')) {
    const vpc = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    let cidr = readCidr(at(ctx, r.id, 'CidrBlock'), prop(r, 'CidrBlock'));
    if (cidr === undefined) {
      const why = prop(r, 'Ipv4IpamPoolId')
        ? 'the block is allocated from an IPAM pool at deploy time'
        : prop(r, 'Ipv6Native') !== undefined
          ? 'the subnet is IPv6-only (Ipv6Native): it has no IPv4 block'
          : 'the subnet declares no IPv4 CidrBlock';
      cidr = unknown(ctx, r.id, 'CidrBlock', why, r.idRange);
    }
    const azV = prop(r, 'AvailabilityZone') ?? prop(r, 'AvailabilityZoneId');
    let az: Maybe<string> | undefined = readString(at(ctx, r.id, 'AvailabilityZone'), azV);
    if (az === undefined) az = unknown(ctx, r.id, 'AvailabilityZone', 'no AvailabilityZone: EC2 picks one at deploy time', r.idRange);
    const mpv = readBool(at(ctx, r.id, 'MapPublicIpOnLaunch'), prop(r, 'MapPublicIpOnLaunch'));
    const s: Subnet = {
      id: r.id,
      vpc: vpc ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range),
      cidr,
      az,
      mapPublicIpOnLaunch: mpv ?? false,
      routeTable: '',
      networkAcl: '',
      origin: originOf(r),
      exists: existsOf(r),
    };
    const v6 = readCidr(at(ctx, r.id, 'Ipv6CidrBlock'), prop(r, 'Ipv6CidrBlock'));
    if (v6 !== undefined) s.ipv6Cidr = v6;
    else if (prop(r, 'Ipv6CidrBlocks') !== undefined) {
      s.ipv6Cidr = unknown(ctx, r.id, 'Ipv6CidrBlocks', 'the IPv6 block is taken from a list the model does not read', propRange(r, 'Ipv6CidrBlocks'));
    } else if (prop(r, 'Ipv6IpamPoolId') !== undefined) {
      s.ipv6Cidr = unknown(ctx, r.id, 'Ipv6IpamPoolId', 'the IPv6 block is allocated from an IPAM pool at deploy time', propRange(r, 'Ipv6IpamPoolId'));
    }
    if (s.ipv6Cidr !== undefined && isUnknown(s.ipv6Cidr)) {
      // Block i of the VPC's IPv6 block (Fn::Cidr over Fn::GetAtt Vpc.Ipv6CidrBlocks): computed, or symbolic.
      const carved = subnetIpv6FromVpcBlock(ctx, r, vpcById);
      if (carved && 'cidr' in carved) s.ipv6Cidr = carved.cidr;
      else if (carved) {
        s.ipv6Slot = carved.slot;
        s.ipv6Cidr = { ...s.ipv6Cidr, reason: `block ${carved.slot.index} (/${carved.slot.prefix}) of VPC ${carved.slot.vpc}'s IPv6 block, which Amazon assigns at deploy` };
      }
    }
    const native = readBool(at(ctx, r.id, 'Ipv6Native'), prop(r, 'Ipv6Native'));
    if (native === true) s.ipv6Native = true;
    const assign = readBool(at(ctx, r.id, 'AssignIpv6AddressOnCreation'), prop(r, 'AssignIpv6AddressOnCreation'));
    if (assign !== undefined) s.assignIpv6OnCreation = assign;
    const ownVpc = typeof s.vpc === 'string' ? vpcById.get(s.vpc) : undefined;
    const vpcKnown = ownVpc !== undefined;
    if (ownVpc) outsideVpc(ctx, s, ownVpc, prop(r, 'CidrBlock')?.range ?? r.idRange);
    s.routeTable = vpcKnown ? mainRouteTableId(s.vpc as string) : noVpc(ctx, r, 'route table');
    s.networkAcl = vpcKnown ? defaultNetworkAclId(s.vpc as string) : noVpc(ctx, r, 'network ACL');
    subnets.push(s);
  }
  const byId = new Map(subnets.map((s) => [s.id, s]));
  subnetCidrBlocks(ctx, byId, vpcById);

  applyAssociations(ctx, byId, 'AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId', 'route table', (s, v, o) => {
    s.routeTable = v;
    s.routeTableAssociation = o;
  });
  applyAssociations(ctx, byId, 'AWS::EC2::SubnetNetworkAclAssociation', 'NetworkAclId', 'network ACL', (s, v, o) => {
    s.networkAcl = v;
    s.networkAclAssociation = o;
  });
  return subnets;
}

function noVpc(ctx: Ctx, r: ResolvedResource, what: string): Maybe<string> {
  return unknown(ctx, r.id, what === 'route table' ? 'RouteTable' : 'NetworkAcl', `the subnet's VPC is not in the template, so its default ${what} is unknown`, propRange(r, 'VpcId'));
}

function applyAssociations(
  ctx: Ctx,
  subnets: Map<string, Subnet>,
  type: string,
  targetProp: string,
  what: string,
  set: (s: Subnet, v: Maybe<string>, o: Origin) => void,
): void {
  const bySubnet = new Map<string, Assoc[]>();
  for (const r of resourcesOfType(ctx, type)) {
    const subnetId = readLink(at(ctx, r.id, 'SubnetId'), prop(r, 'SubnetId'));
    if (typeof subnetId !== 'string' || !subnets.has(subnetId)) continue;
    const target = readLink(at(ctx, r.id, targetProp), prop(r, targetProp));
    const s = subnets.get(subnetId)!;
    const origin = originOf(r, propRange(r, targetProp));
    if (target === undefined) continue;
    if (isUnknown(target)) {
      set(s, target, origin);
      continue;
    }
    const list = bySubnet.get(subnetId) ?? [];
    list.push({ res: r, target });
    bySubnet.set(subnetId, list);
  }
  for (const [subnetId, list] of bySubnet) {
    const s = subnets.get(subnetId)!;
    const sure = list.filter((a) => existsOf(a.res) === 'yes');
    if (sure.length > 1) {
      for (const extra of sure.slice(1)) {
        ctx.problems.push({
          code: 'MODEL_DUPLICATE_ASSOCIATION',
          message: `${extra.res.id} associates subnet ${subnetId} with a second ${what} (${sure[0].res.id} already does); a subnet has exactly one`,
          range: extra.res.range,
          severity: 'error',
        });
      }
    }
    if (sure.length === 0) {
      // Only associations that may or may not be created: the table in force cannot be decided.
      const undecided = list[0];
      const reason = `association ${undecided.res.id} has a Condition that cannot be decided, so the ${what} of ${subnetId} is unknown`;
      set(s, unknown(ctx, subnetId, what === 'route table' ? 'RouteTable' : 'NetworkAcl', reason, undecided.res.idRange), originOf(undecided.res, propRange(undecided.res, targetProp)));
      continue;
    }
    const chosen = sure[0];
    const origin = originOf(chosen.res, propRange(chosen.res, targetProp));
    set(s, chosen.target, origin);
  }
}

/**
 * A subnet's IPv4 block must lie inside one of its VPC's blocks (VPC User Guide, "Subnet CIDR blocks"),
 * or EC2 rejects it; the walk would otherwise route to an address the VPC does not hold.
 */
function outsideVpc(ctx: Ctx, s: Subnet, vpc: Vpc, range: Origin['range']): void {
  const c = s.cidr;
  if (isUnknown(c) || c.family !== 4) return;
  const blocks = vpc.cidrs.filter((b) => isUnknown(b.cidr) || b.cidr.family === 4);
  if (blocks.length === 0 || blocks.some((b) => isUnknown(b.cidr))) return;
  if (blocks.some((b) => cidrContains(b.cidr as Cidr, c))) return;
  ctx.problems.push({
    code: 'SUBNET_CIDR_OUTSIDE_VPC',
    severity: 'error',
    message: `Subnet ${s.id}'s block ${formatCidr(c)} is not inside any block of VPC ${vpc.id} (${blocks.map((b) => formatCidr(b.cidr as Cidr)).join(', ')}); EC2 rejects the subnet`,
    range: range,
  });
}

/**
 * AWS::EC2::SubnetCidrBlock associates an IPv6 block with a subnet after it is created (the other way to
 * write a dual-stack subnet): its Ipv6CidrBlock (or IPAM pool) is the subnet's IPv6 block.
 */
function subnetCidrBlocks(ctx: Ctx, subnets: Map<string, Subnet>, vpcs: Map<string, Vpc>): void {
  for (const r of resourcesOfType(ctx, 'AWS::EC2::SubnetCidrBlock')) {
    const id = readLink(at(ctx, r.id, 'SubnetId'), prop(r, 'SubnetId'));
    const s = typeof id === 'string' ? subnets.get(id) : undefined;
    if (!s || (s.ipv6Cidr !== undefined && !isUnknown(s.ipv6Cidr))) continue;
    let v6 = readCidr(at(ctx, r.id, 'Ipv6CidrBlock'), prop(r, 'Ipv6CidrBlock'));
    if (v6 === undefined && prop(r, 'Ipv6IpamPoolId') !== undefined) v6 = unknown(ctx, r.id, 'Ipv6IpamPoolId', 'the IPv6 block is allocated from an IPAM pool at deploy time', propRange(r, 'Ipv6IpamPoolId'));
    if (v6 === undefined) continue;
    s.ipv6Cidr = v6;
    if (isUnknown(v6)) {
      const carved = subnetIpv6FromVpcBlock(ctx, r, vpcs);
      if (carved && 'cidr' in carved) s.ipv6Cidr = carved.cidr;
      else if (carved) {
        s.ipv6Slot = carved.slot;
        s.ipv6Cidr = { ...v6, reason: `block ${carved.slot.index} (/${carved.slot.prefix}) of VPC ${carved.slot.vpc}'s IPv6 block, which Amazon assigns at deploy` };
      }
    }
  }
}
