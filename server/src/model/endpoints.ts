// Endpoints: the things that own addresses and start or receive flows (instances, ENIs, VPC Lambda
// functions, RDS instances and clusters, NAT gateways), each with one placement per ENI. An address
// the template does not fix stays undefined ("some address in the subnet"); it is never invented.
import type { ElasticIp, Endpoint, NatGateway, Placement, PublicAddress, Subnet } from './types';
import { isUnknown } from './types';
import { asMap, at, field, originOf, prop, propRange, readBool, readIp, readLink, readList, readNumber, readString, resourcesOfType, unknown, type Ctx } from './read';
import { EPHEMERAL, autoPublic, endpoint, placement, securityGroups, type Lookups } from './placements';
import { buildAutoScalingGroups } from './auto-scaling';
import { buildServiceEndpoints } from './service-endpoints';
import { buildFirewallEndpoints } from './network-firewalls';
import { buildWorkloads } from './workloads';
import { samFunctionVpcConfig } from './sam-globals';
import { ipv6OfInterface, ipv6OfLambda } from './ipv6-addresses';
import type { RMap, RValue, ResolvedResource } from '../template/values';

export function buildEndpoints(ctx: Ctx, subnets: Subnet[], eips: ElasticIp[], nats: NatGateway[]): Endpoint[] {
  const lk: Lookups = { subnets: new Map(subnets.map((s) => [s.id, s])), eipOf: eipsByHolder(eips) };
  const out: Endpoint[] = [];
  const enis = new Map<string, Endpoint>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::NetworkInterface')) {
    const e = endpoint(r, 'network-interface', EPHEMERAL.networkInterface);
    e.placements.push(eniPlacement(ctx, lk, r));
    enis.set(r.id, e);
    out.push(e);
  }
  const instances = new Map<string, Endpoint>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::Instance')) {
    const e = endpoint(r, 'instance', EPHEMERAL.instance);
    instancePlacements(ctx, lk, r, enis, e);
    e.metadataEndpoint = metadataEndpoint(ctx, r);
    instances.set(r.id, e);
    out.push(e);
  }
  // An ENI attached by AWS::EC2::NetworkInterfaceAttachment is also a placement of the instance.
  for (const r of resourcesOfType(ctx, 'AWS::EC2::NetworkInterfaceAttachment')) {
    const inst = readLink(at(ctx, r.id, 'InstanceId'), prop(r, 'InstanceId'));
    const eni = readLink(at(ctx, r.id, 'NetworkInterfaceId'), prop(r, 'NetworkInterfaceId'));
    const i = typeof inst === 'string' ? instances.get(inst) : undefined;
    const n = typeof eni === 'string' ? enis.get(eni) : undefined;
    if (i && n) i.placements.push({ ...n.placements[0], origin: originOf(r) });
  }
  for (const r of resourcesOfType(ctx, 'AWS::Lambda::Function', 'AWS::Serverless::Function')) {
    // A SAM function inherits Globals.Function.VpcConfig (merged with its own).
    const vc = asMap(r.type === 'AWS::Serverless::Function' ? samFunctionVpcConfig(ctx, r) : prop(r, 'VpcConfig'));
    if (!vc) continue; // not in a VPC: the function reaches the internet from AWS's network, not ours
    const e = endpoint(r, 'lambda', EPHEMERAL.lambda);
    const sgs = securityGroups(ctx, r.id, 'VpcConfig.SecurityGroupIds', field(vc, 'SecurityGroupIds'));
    const items = readList(at(ctx, r.id, 'VpcConfig.SubnetIds'), field(vc, 'SubnetIds'));
    const none: PublicAddress = { kind: 'none', reason: 'Lambda network interfaces never get a public IP address' };
    const v6 = ipv6OfLambda(ctx, r.id, vc);
    if (isUnknown(items)) e.placements.push({ ...placement(ctx, lk, items, undefined, none, sgs, originOf(r, items.range), true), ipv6: v6 });
    else {
      for (const item of items ?? []) {
        const subnet = readLink(at(ctx, r.id, 'VpcConfig.SubnetIds'), item);
        if (subnet === undefined) continue;
        e.placements.push({ ...placement(ctx, lk, subnet, undefined, none, sgs, originOf(r, item.range), true), ipv6: v6 });
      }
    }
    out.push(e);
  }
  const clusters = new Map<string, ResolvedResource>();
  for (const r of resourcesOfType(ctx, 'AWS::RDS::DBCluster')) {
    clusters.set(r.id, r);
    const e = endpoint(r, 'rds-cluster', EPHEMERAL.rds);
    rdsPlacements(ctx, lk, r, prop(r, 'DBSubnetGroupName'), prop(r, 'VpcSecurityGroupIds'), 'VpcSecurityGroupIds', prop(r, 'PubliclyAccessible'), e);
    out.push(e);
  }
  for (const r of resourcesOfType(ctx, 'AWS::RDS::DBInstance')) {
    const e = endpoint(r, 'rds-instance', EPHEMERAL.rds);
    const clusterId = readLink(at(ctx, r.id, 'DBClusterIdentifier'), prop(r, 'DBClusterIdentifier'));
    const cluster = typeof clusterId === 'string' ? clusters.get(clusterId) : undefined;
    // An Aurora instance takes its network from its cluster's subnet group and security groups.
    const src = cluster ?? r;
    const sgProp = cluster ? 'VpcSecurityGroupIds' : 'VPCSecurityGroups';
    rdsPlacements(ctx, lk, src, prop(r, 'DBSubnetGroupName') ?? prop(src, 'DBSubnetGroupName'), prop(src, sgProp), sgProp, prop(r, 'PubliclyAccessible') ?? prop(src, 'PubliclyAccessible'), e);
    out.push(e);
  }
  out.push(...buildServiceEndpoints(ctx, lk));
  out.push(...buildFirewallEndpoints(ctx, lk));
  out.push(...buildAutoScalingGroups(ctx, lk));
  out.push(...buildWorkloads(ctx, lk));
  for (const n of nats) {
    const r = ctx.rt.resources.get(n.id)!;
    const e = endpoint(r, 'nat-gateway', EPHEMERAL.natGateway);
    const pub: PublicAddress =
      n.connectivity === 'private'
        ? { kind: 'none', reason: 'a private NAT gateway has no public address' }
        : n.eip === undefined
          ? { kind: 'none', reason: 'the NAT gateway has no Elastic IP allocation' }
          : isUnknown(n.eip)
            ? n.eip
            : { kind: 'eip', eip: n.eip };
    // A NAT gateway has no security groups (AWS NAT gateway guide) and forwards others' traffic.
    e.placements.push({ subnet: n.subnet, ...(n.privateIp !== undefined ? { privateIp: n.privateIp } : {}), publicIp: pub, securityGroups: [], sourceDestCheck: false, origin: originOf(r, propRange(r, 'SubnetId')) });
    out.push(e);
  }
  return out;
}

/**
 * The Elastic IP (the first in template order) associated with each instance or interface, by
 * `kind id`: looked up per instance and interface instead of scanning every Elastic IP for each.
 */
function eipsByHolder(eips: ElasticIp[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of eips) {
    const a = e.associatedWith;
    if (!a || isUnknown(a) || e.exists !== 'yes') continue;
    const key = `${a.kind} ${a.id}`;
    if (!out.has(key)) out.set(key, e.id);
  }
  return out;
}

function eipFor(lk: Lookups, kind: 'instance' | 'network-interface', id: string): string | undefined {
  return lk.eipOf.get(`${kind} ${id}`);
}

/** Keeps an undecided SourceDestCheck on the placement, so that forwarding through it stays unknown. */
function withSourceDestCheck(p: Placement, value: ReturnType<typeof readBool>): Placement {
  if (isUnknown(value)) p.sourceDestCheckUnknown = value;
  return p;
}

function eniPlacement(ctx: Ctx, lk: Lookups, r: ResolvedResource): Placement {
  const subnet = readLink(at(ctx, r.id, 'SubnetId'), prop(r, 'SubnetId')) ?? unknown(ctx, r.id, 'SubnetId', 'SubnetId is missing', r.range);
  const ip = readIp(at(ctx, r.id, 'PrivateIpAddress'), prop(r, 'PrivateIpAddress'));
  const sgs = securityGroups(ctx, r.id, 'GroupSet', prop(r, 'GroupSet'));
  const sdc = readBool(at(ctx, r.id, 'SourceDestCheck'), prop(r, 'SourceDestCheck'));
  const eip = eipFor(lk, 'network-interface', r.id);
  const pub: PublicAddress = eip ? { kind: 'eip', eip } : { kind: 'none', reason: `network interface ${r.id} has no Elastic IP associated` };
  const p = placement(ctx, lk, subnet, ip, pub, sgs, originOf(r, propRange(r, 'SubnetId')), true, sdc !== false);
  p.networkInterface = r.id;
  p.ipv6 = ipv6OfInterface(ctx, r.id, '', r.properties, subnet, lk.subnets);
  if (isUnknown(sdc)) p.sourceDestCheckUnknown = sdc;
  return p;
}

function instancePlacements(ctx: Ctx, lk: Lookups, r: ResolvedResource, enis: Map<string, Endpoint>, e: Endpoint): void {
  const sdcValue = readBool(at(ctx, r.id, 'SourceDestCheck'), prop(r, 'SourceDestCheck'));
  const sdc = sdcValue !== false;
  const eip = eipFor(lk, 'instance', r.id);
  const nis = readList(at(ctx, r.id, 'NetworkInterfaces'), prop(r, 'NetworkInterfaces'));
  if (nis && !isUnknown(nis) && nis.length > 0) {
    nis.forEach((item, i) => {
      const m = item.kind === 'map' ? (item as RMap) : undefined;
      if (!m) return;
      const base = `NetworkInterfaces[${i}]`;
      const dev = readNumber(at(ctx, r.id, `${base}.DeviceIndex`), field(m, 'DeviceIndex'));
      const primary = dev === 0 || (dev === undefined && i === 0);
      const eniRef = readLink(at(ctx, r.id, `${base}.NetworkInterfaceId`), field(m, 'NetworkInterfaceId'));
      if (typeof eniRef === 'string' && enis.has(eniRef)) {
        const p = enis.get(eniRef)!.placements[0];
        e.placements.push({ ...p, origin: originOf(r, item.range), ...(primary && eip ? { publicIp: { kind: 'eip', eip } } : {}) });
        return;
      }
      const subnet = readLink(at(ctx, r.id, `${base}.SubnetId`), field(m, 'SubnetId')) ?? unknown(ctx, r.id, `${base}.SubnetId`, 'the network interface names no subnet', item.range);
      const ip = readIp(at(ctx, r.id, `${base}.PrivateIpAddress`), field(m, 'PrivateIpAddress'));
      const sgs = securityGroups(ctx, r.id, `${base}.GroupSet`, field(m, 'GroupSet'));
      const assoc = readBool(at(ctx, r.id, `${base}.AssociatePublicIpAddress`), field(m, 'AssociatePublicIpAddress'));
      // EC2 assigns an automatic public address only to the primary interface (device index 0).
      const pub: PublicAddress = primary
        ? eip
          ? { kind: 'eip', eip }
          : autoPublic(lk, subnet, assoc)
        : { kind: 'none', reason: `only the primary network interface (device 0) gets an automatic public IP` };
      const p = withSourceDestCheck(placement(ctx, lk, subnet, ip, pub, sgs, originOf(r, item.range), true, sdc), sdcValue);
      p.ipv6 = ipv6OfInterface(ctx, r.id, base, m, subnet, lk.subnets);
      e.placements.push(p);
    });
    return;
  }
  const subnet = readLink(at(ctx, r.id, 'SubnetId'), prop(r, 'SubnetId')) ?? unknown(ctx, r.id, 'SubnetId', 'no SubnetId: the instance launches in the default VPC, which the template does not describe', r.idRange);
  const ip = readIp(at(ctx, r.id, 'PrivateIpAddress'), prop(r, 'PrivateIpAddress'));
  const sgs = securityGroups(ctx, r.id, 'SecurityGroupIds', prop(r, 'SecurityGroupIds'));
  const names = readList(at(ctx, r.id, 'SecurityGroups'), prop(r, 'SecurityGroups'));
  if (names && isUnknown(names)) sgs.push(names);
  else if (names) {
    for (const n of names) {
      // SecurityGroups takes names (or, in a VPC, a Ref that yields the id): a Ref links, a name cannot.
      const ref = n.kind === 'ref' ? readLink(at(ctx, r.id, 'SecurityGroups'), n) : undefined;
      sgs.push(ref ?? unknown(ctx, r.id, 'SecurityGroups', 'security groups given by name cannot be linked to the template\u2019s groups', n.range));
    }
  }
  const pub: PublicAddress = eip ? { kind: 'eip', eip } : autoPublic(lk, subnet, undefined);
  const p = withSourceDestCheck(placement(ctx, lk, subnet, ip, pub, sgs, originOf(r, propRange(r, 'SubnetId')), true, sdc), sdcValue);
  p.ipv6 = ipv6OfInterface(ctx, r.id, '', r.properties, subnet, lk.subnets);
  e.placements.push(p);
}

function rdsPlacements(ctx: Ctx, lk: Lookups, src: ResolvedResource, groupV: RValue | undefined, sgV: RValue | undefined, sgProp: string, pubV: RValue | undefined, e: Endpoint): void {
  const sgs = securityGroups(ctx, src.id, sgProp, sgV);
  const pa = readBool(at(ctx, e.id, 'PubliclyAccessible'), pubV);
  const pub: PublicAddress = isUnknown(pa)
    ? pa
    : pa === true
      ? { kind: 'auto', reason: 'PubliclyAccessible is true' }
      : { kind: 'none', reason: 'the database is not PubliclyAccessible' };
  const groupId = readLink(at(ctx, e.id, 'DBSubnetGroupName'), groupV);
  const group = typeof groupId === 'string' ? ctx.rt.resources.get(groupId) : undefined;
  if (groupV === undefined) {
    const u = unknown(ctx, e.id, 'DBSubnetGroupName', 'no DBSubnetGroupName: the database is placed in the default VPC, which the template does not describe', e.origin.range);
    e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(src), true));
    return;
  }
  if (!group || group.type !== 'AWS::RDS::DBSubnetGroup') {
    const u = isUnknown(groupId) ? groupId : unknown(ctx, e.id, 'DBSubnetGroupName', 'the DB subnet group is not a resource of the template', groupV.range);
    e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(src, groupV.range), true));
    return;
  }
  const items = readList(at(ctx, group.id, 'SubnetIds'), prop(group, 'SubnetIds'));
  if (!items || isUnknown(items)) {
    const u = items ?? unknown(ctx, group.id, 'SubnetIds', 'the DB subnet group lists no subnets', group.range);
    e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(group), true));
    return;
  }
  for (const item of items) {
    const subnet = readLink(at(ctx, group.id, 'SubnetIds'), item);
    if (subnet !== undefined) e.placements.push(placement(ctx, lk, subnet, undefined, pub, sgs, originOf(group, item.range), true));
  }
}


/**
 * Whether the instance metadata service answers the instance: MetadataOptions.HttpEndpoint, enabled by
 * default (EC2 MetadataOptions); a launch template may set it, which the model does not read: unknown then.
 */
function metadataEndpoint(ctx: Ctx, r: ResolvedResource): Endpoint['metadataEndpoint'] {
  const mo = asMap(prop(r, 'MetadataOptions'));
  const v = field(mo, 'HttpEndpoint');
  if (v !== undefined) {
    const s = readString(at(ctx, r.id, 'MetadataOptions.HttpEndpoint'), v);
    if (s === undefined) return { enabled: true, range: v.range };
    return { enabled: isUnknown(s) ? s : s.trim().toLowerCase() !== 'disabled', range: v.range };
  }
  if (prop(r, 'LaunchTemplate') !== undefined) {
    const range = propRange(r, 'LaunchTemplate');
    return { enabled: unknown(ctx, r.id, 'MetadataOptions', 'the launch template may set the metadata options, which packetwalk does not read', range), range };
  }
  return { enabled: true, range: r.idRange };
}
