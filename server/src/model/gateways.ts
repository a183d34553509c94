// Internet gateways and their VPC attachments, Elastic IPs and what they are associated with, NAT
// gateways, and (minimally: id and VPCs) the other gateways routes can name.
import type { ElasticIp, InternetGateway, NatGateway, OtherGateway } from './types';
import { isUnknown } from './types';
import { at, existsOf, originOf, prop, propRange, readIp, readLink, readString, resourcesOfType, unknown, type Ctx } from './read';

export interface GatewayParts {
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  elasticIps: ElasticIp[];
  otherGateways: OtherGateway[];
}

const OTHER: Record<string, OtherGateway['kind']> = {
  'AWS::EC2::EgressOnlyInternetGateway': 'egress-only-internet-gateway',
  'AWS::EC2::VPNGateway': 'vpn-gateway',
  'AWS::EC2::VPCPeeringConnection': 'vpc-peering',
  'AWS::EC2::TransitGateway': 'transit-gateway',
  'AWS::EC2::CarrierGateway': 'carrier-gateway',
};

export function buildGateways(ctx: Ctx): GatewayParts {
  const parts: GatewayParts = { internetGateways: [], natGateways: [], elasticIps: [], otherGateways: [] };
  const igws = new Map<string, InternetGateway>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::InternetGateway')) {
    const g: InternetGateway = { id: r.id, attachments: [], origin: originOf(r), exists: existsOf(r) };
    igws.set(r.id, g);
    parts.internetGateways.push(g);
  }

  const others = new Map<string, OtherGateway>();
  for (const r of resourcesOfType(ctx, ...Object.keys(OTHER))) {
    const g: OtherGateway = { id: r.id, type: r.type, kind: OTHER[r.type], vpcs: [], origin: originOf(r), exists: existsOf(r) };
    if (r.type === 'AWS::EC2::EgressOnlyInternetGateway' || r.type === 'AWS::EC2::CarrierGateway') {
      const v = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
      if (v !== undefined) g.vpcs.push(v);
    } else if (r.type === 'AWS::EC2::VPCPeeringConnection') {
      for (const p of ['VpcId', 'PeerVpcId']) {
        const v = readLink(at(ctx, r.id, p), prop(r, p));
        if (v !== undefined) g.vpcs.push(v);
      }
    }
    others.set(r.id, g);
    parts.otherGateways.push(g);
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment')) {
    const tgw = readLink(at(ctx, r.id, 'TransitGatewayId'), prop(r, 'TransitGatewayId'));
    const g = typeof tgw === 'string' ? others.get(tgw) : undefined;
    const v = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    if (g && v !== undefined) g.vpcs.push(v);
  }

  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCGatewayAttachment')) {
    const vpc = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    const igwId = readLink(at(ctx, r.id, 'InternetGatewayId'), prop(r, 'InternetGatewayId'));
    const vgwId = readLink(at(ctx, r.id, 'VpnGatewayId'), prop(r, 'VpnGatewayId'));
    const attachment = { vpc: vpc ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range), origin: originOf(r), exists: existsOf(r) };
    if (typeof igwId === 'string') igws.get(igwId)?.attachments.push(attachment);
    if (typeof vgwId === 'string') others.get(vgwId)?.vpcs.push(attachment.vpc);
  }

  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPNConnection')) {
    const vgwId = readLink(at(ctx, r.id, 'VpnGatewayId'), prop(r, 'VpnGatewayId'));
    const g = typeof vgwId === 'string' ? others.get(vgwId) : undefined;
    if (g && g.kind === 'vpn-gateway') (g.vpnConnections ??= []).push(r.id);
  }

  const eips = new Map<string, ElasticIp>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::EIP')) {
    const e: ElasticIp = { id: r.id, origin: originOf(r), exists: existsOf(r) };
    const inst = readLink(at(ctx, r.id, 'InstanceId'), prop(r, 'InstanceId'));
    if (inst !== undefined) e.associatedWith = isUnknown(inst) ? inst : { kind: 'instance', id: inst };
    eips.set(r.id, e);
    parts.elasticIps.push(e);
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::EIPAssociation')) {
    // AllocationId (GetAtt Eip.AllocationId) for VPC addresses, EIP (Ref Eip, the address) for the classic form.
    const eip = readLink(at(ctx, r.id, 'AllocationId'), prop(r, 'AllocationId')) ?? readLink(at(ctx, r.id, 'EIP'), prop(r, 'EIP'));
    const e = typeof eip === 'string' ? eips.get(eip) : undefined;
    if (!e) continue;
    const inst = readLink(at(ctx, r.id, 'InstanceId'), prop(r, 'InstanceId'));
    const eni = readLink(at(ctx, r.id, 'NetworkInterfaceId'), prop(r, 'NetworkInterfaceId'));
    if (eni !== undefined) e.associatedWith = isUnknown(eni) ? eni : { kind: 'network-interface', id: eni };
    else if (inst !== undefined) e.associatedWith = isUnknown(inst) ? inst : { kind: 'instance', id: inst };
    if (existsOf(r) === 'unknown' && e.associatedWith && !isUnknown(e.associatedWith)) {
      e.associatedWith = unknown(ctx, r.id, 'Condition', `association ${r.id} has a Condition that cannot be decided`, r.idRange);
    }
  }

  for (const r of resourcesOfType(ctx, 'AWS::EC2::NatGateway')) {
    const conn = readString(at(ctx, r.id, 'ConnectivityType'), prop(r, 'ConnectivityType'));
    const connectivity = conn === 'private' ? 'private' : 'public';
    const subnet = readLink(at(ctx, r.id, 'SubnetId'), prop(r, 'SubnetId'));
    const n: NatGateway = {
      id: r.id,
      subnet: subnet ?? unknown(ctx, r.id, 'SubnetId', 'SubnetId is missing', r.range),
      connectivity,
      origin: originOf(r),
      exists: existsOf(r),
    };
    const alloc = readLink(at(ctx, r.id, 'AllocationId'), prop(r, 'AllocationId'));
    if (alloc !== undefined) {
      n.eip = alloc;
      const e = typeof alloc === 'string' ? eips.get(alloc) : undefined;
      if (e) e.associatedWith = { kind: 'nat-gateway', id: r.id };
    } else if (connectivity === 'public') {
      n.eip = unknown(ctx, r.id, 'AllocationId', 'a public NAT gateway needs an Elastic IP allocation and none is given', propRange(r, 'SubnetId'));
    }
    const ip = readIp(at(ctx, r.id, 'PrivateIpAddress'), prop(r, 'PrivateIpAddress'));
    if (ip !== undefined) n.privateIp = ip;
    parts.natGateways.push(n);
  }
  return parts;
}
