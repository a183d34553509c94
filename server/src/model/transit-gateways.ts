// Transit gateways: the gateway, its VPC attachments (one subnet per Availability Zone), its route
// tables with their static and blackhole routes, associations and propagations, and the default
// association/propagation route table a transit gateway has unless the template turns it off
// (Transit Gateway guide, tgw-route-tables.html, tgw-vpc-attachments.html). Peering attachments are
// recorded so that a route to one can say why it is not walked.
import { isUnknown, type Existence, type Maybe, type Origin, type Unknown, type Vpc } from './types';
import type { Cidr } from '../net/ip';
import { asMap, at, existsOf, field, originOf, prop, readBool, readCidr, readLink, readList, readString, resourcesOfType, unknown, type Ctx } from './read';

export interface TransitGateway {
  id: string;
  /** DefaultRouteTableAssociation / DefaultRouteTablePropagation: 'enable' unless the template says 'disable'. */
  defaultAssociation: Maybe<boolean>;
  defaultPropagation: Maybe<boolean>;
  /** SecurityGroupReferencingSupport: 'enable' lets security-group references match across the gateway. */
  sgReferencing: Maybe<boolean>;
  origin: Origin;
  exists: Existence;
}

export interface TgwAttachment {
  id: string;
  tgw: Maybe<string>;
  /** 'vpc' for a VPC attachment; 'peering' (another transit gateway) and 'vpn' (a VPN connection) are not walked beyond. */
  kind: 'vpc' | 'peering' | 'vpn';
  /** The resource type that declares it (AWS::EC2::TransitGatewayAttachment or …VpcAttachment, …), for hops. */
  type: string;
  vpc: Maybe<string>;
  subnets: Array<Maybe<string>>;
  applianceMode: Maybe<boolean>;
  sgReferencing: Maybe<boolean>;
  /** Options.Ipv6Support (default disable): without it the VPC's IPv6 blocks do not propagate into route tables. */
  ipv6Support?: Maybe<boolean>;
  origin: Origin;
  exists: Existence;
}

export interface TgwRoute {
  id: string;
  destination: Maybe<Cidr>;
  /** The attachment the route sends to; absent for a blackhole. */
  attachment?: Maybe<string>;
  blackhole: boolean;
  /** 'propagated' routes come from an attachment's VPC CIDRs; static ones win over them for the same prefix. */
  source: 'static' | 'propagated';
  /** A propagated IPv6 block of this VPC whose value is assigned at deploy: it holds exactly that VPC's IPv6 addresses. */
  ipv6Vpc?: string;
  origin: Origin;
  exists: Existence;
}

export interface TgwRouteTable {
  id: string;
  tgw: Maybe<string>;
  /** The gateway's default association/propagation route table (then origin.resource is the gateway). */
  implicit?: 'defaultRouteTable';
  routes: TgwRoute[];
  origin: Origin;
  exists: Existence;
}

export interface TransitGatewayParts {
  transitGateways: TransitGateway[];
  tgwAttachments: TgwAttachment[];
  tgwRouteTables: TgwRouteTable[];
  /** The route table each attachment is associated with (model id), by attachment id. */
  tgwAssociations: Map<string, { table: Maybe<string>; origin: Origin }>;
}

export function defaultTgwRouteTableId(tgw: string): string {
  return `${tgw}#default-rtb`;
}

function enableFlag(ctx: Ctx, r: { id: string }, name: string, v: ReturnType<typeof prop>, fallback: boolean): Maybe<boolean> {
  if (v === undefined) return fallback;
  const s = readString(at(ctx, r.id, name), v);
  if (s === undefined) return fallback;
  if (isUnknown(s)) return s;
  return s === 'enable';
}

export function buildTransitGateways(ctx: Ctx, vpcs: Vpc[]): TransitGatewayParts {
  const parts: TransitGatewayParts = { transitGateways: [], tgwAttachments: [], tgwRouteTables: [], tgwAssociations: new Map() };
  const tables = new Map<string, TgwRouteTable>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGateway')) {
    const g: TransitGateway = {
      id: r.id,
      defaultAssociation: enableFlag(ctx, r, 'DefaultRouteTableAssociation', prop(r, 'DefaultRouteTableAssociation'), true),
      defaultPropagation: enableFlag(ctx, r, 'DefaultRouteTablePropagation', prop(r, 'DefaultRouteTablePropagation'), true),
      sgReferencing: enableFlag(ctx, r, 'SecurityGroupReferencingSupport', prop(r, 'SecurityGroupReferencingSupport'), false),
      origin: originOf(r),
      exists: existsOf(r),
    };
    parts.transitGateways.push(g);
    if (g.defaultAssociation !== false || g.defaultPropagation !== false) {
      const t: TgwRouteTable = { id: defaultTgwRouteTableId(r.id), tgw: r.id, implicit: 'defaultRouteTable', routes: [], origin: { resource: r.id, range: r.range }, exists: g.exists };
      tables.set(t.id, t);
      parts.tgwRouteTables.push(t);
    }
  }
  const gateways = new Map(parts.transitGateways.map((g) => [g.id, g]));
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::TransitGatewayVpcAttachment')) {
    const options = asMap(prop(r, 'Options'));
    const items = readList(at(ctx, r.id, 'SubnetIds'), prop(r, 'SubnetIds'));
    const subnets: Array<Maybe<string>> = isUnknown(items) ? [items] : (items ?? []).map((i) => readLink(at(ctx, r.id, 'SubnetIds'), i) ?? unknown(ctx, r.id, 'SubnetIds', 'a subnet id is missing', i.range));
    parts.tgwAttachments.push({
      id: r.id,
      tgw: readLink(at(ctx, r.id, 'TransitGatewayId'), prop(r, 'TransitGatewayId')) ?? unknown(ctx, r.id, 'TransitGatewayId', 'TransitGatewayId is missing', r.range),
      kind: 'vpc',
      type: r.type,
      vpc: readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId')) ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range),
      subnets,
      applianceMode: enableFlag(ctx, r, 'Options.ApplianceModeSupport', field(options, 'ApplianceModeSupport'), false),
      sgReferencing: enableFlag(ctx, r, 'Options.SecurityGroupReferencingSupport', field(options, 'SecurityGroupReferencingSupport'), true),
      ipv6Support: enableFlag(ctx, r, 'Options.Ipv6Support', field(options, 'Ipv6Support'), false),
      origin: originOf(r),
      exists: existsOf(r),
    });
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayPeeringAttachment')) {
    const none: Unknown = { unknown: true, reason: 'a transit gateway peering attachment leads to another transit gateway, whose routes the template does not show', range: r.range };
    parts.tgwAttachments.push({ id: r.id, tgw: readLink(at(ctx, r.id, 'TransitGatewayId'), prop(r, 'TransitGatewayId')) ?? none, kind: 'peering', type: r.type, vpc: none, subnets: [], applianceMode: false, sgReferencing: false, origin: originOf(r), exists: existsOf(r) });
  }
  // A VPN connection on a transit gateway is an attachment too; the routes it brings (BGP, or the
  // connection's static routes) are not in the template.
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPNConnection')) {
    const tgwId = readLink(at(ctx, r.id, 'TransitGatewayId'), prop(r, 'TransitGatewayId'));
    if (tgwId === undefined) continue;
    const none: Unknown = { unknown: true, reason: `VPN connection ${r.id} leads to a network outside AWS`, range: r.range };
    parts.tgwAttachments.push({ id: r.id, tgw: tgwId, kind: 'vpn', type: r.type, vpc: none, subnets: [], applianceMode: false, sgReferencing: false, origin: originOf(r), exists: existsOf(r) });
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayRouteTable')) {
    const t: TgwRouteTable = { id: r.id, tgw: readLink(at(ctx, r.id, 'TransitGatewayId'), prop(r, 'TransitGatewayId')) ?? unknown(ctx, r.id, 'TransitGatewayId', 'TransitGatewayId is missing', r.range), routes: [], origin: originOf(r), exists: existsOf(r) };
    tables.set(t.id, t);
    parts.tgwRouteTables.push(t);
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayRoute')) {
    const tableId = readLink(at(ctx, r.id, 'TransitGatewayRouteTableId'), prop(r, 'TransitGatewayRouteTableId'));
    const t = typeof tableId === 'string' ? tables.get(tableId) : undefined;
    if (!t) continue;
    const blackhole = readBool(at(ctx, r.id, 'Blackhole'), prop(r, 'Blackhole')) === true;
    const route: TgwRoute = { id: r.id, destination: readCidr(at(ctx, r.id, 'DestinationCidrBlock'), prop(r, 'DestinationCidrBlock')) ?? unknown(ctx, r.id, 'DestinationCidrBlock', 'DestinationCidrBlock is missing', r.range), blackhole, source: 'static', origin: originOf(r), exists: existsOf(r) };
    if (!blackhole) route.attachment = readLink(at(ctx, r.id, 'TransitGatewayAttachmentId'), prop(r, 'TransitGatewayAttachmentId')) ?? unknown(ctx, r.id, 'TransitGatewayAttachmentId', 'the route names no attachment and is not a blackhole', r.range);
    t.routes.push(route);
  }
  // Associations: one table per attachment, explicit, else the default table when default association is on.
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayRouteTableAssociation')) {
    const att = readLink(at(ctx, r.id, 'TransitGatewayAttachmentId'), prop(r, 'TransitGatewayAttachmentId'));
    if (typeof att !== 'string') continue;
    const table = readLink(at(ctx, r.id, 'TransitGatewayRouteTableId'), prop(r, 'TransitGatewayRouteTableId')) ?? unknown(ctx, r.id, 'TransitGatewayRouteTableId', 'TransitGatewayRouteTableId is missing', r.range);
    parts.tgwAssociations.set(att, { table, origin: originOf(r) });
  }
  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  const propagate = (a: TgwAttachment, t: TgwRouteTable, origin: Origin): void => {
    if (a.kind === 'vpn') {
      const learned: Unknown = { unknown: true, reason: `the routes VPN connection ${a.id} propagates (learned over BGP, or its static routes) are not in the template`, range: a.origin.range };
      t.routes.push({ id: `${a.id}#propagated:${t.id}`, destination: learned, attachment: a.id, blackhole: false, source: 'propagated', origin, exists: a.exists });
      return;
    }
    const vpc = typeof a.vpc === 'string' ? vpcById.get(a.vpc) : undefined;
    if (!vpc) return;
    vpc.cidrs.forEach((c, i) => {
      // IPv6 blocks propagate only from an attachment with IPv6 support (EC2 API, TransitGatewayVpcAttachment Options).
      if (c.ipv6 && a.ipv6Support !== true && !isUnknown(a.ipv6Support)) return;
      const undecided = c.exists === 'unknown' || a.exists === 'unknown' || (c.ipv6 && isUnknown(a.ipv6Support));
      const route: TgwRoute = { id: `${a.id}#propagated:${t.id}:${i}`, destination: c.cidr, attachment: a.id, blackhole: false, source: 'propagated', origin, exists: undecided ? 'unknown' : 'yes' };
      if (c.ipv6 && isUnknown(c.cidr)) route.ipv6Vpc = vpc.id;
      t.routes.push(route);
    });
  };
  const explicitlyPropagated = new Set<string>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::TransitGatewayRouteTablePropagation')) {
    const attId = readLink(at(ctx, r.id, 'TransitGatewayAttachmentId'), prop(r, 'TransitGatewayAttachmentId'));
    const tableId = readLink(at(ctx, r.id, 'TransitGatewayRouteTableId'), prop(r, 'TransitGatewayRouteTableId'));
    const a = typeof attId === 'string' ? parts.tgwAttachments.find((x) => x.id === attId) : undefined;
    const t = typeof tableId === 'string' ? tables.get(tableId) : undefined;
    if (a && t) {
      propagate(a, t, originOf(r));
      explicitlyPropagated.add(`${a.id}|${t.id}`);
    }
  }
  for (const a of parts.tgwAttachments) {
    const g = typeof a.tgw === 'string' ? gateways.get(a.tgw) : undefined;
    if (!g) continue;
    const def = tables.get(defaultTgwRouteTableId(g.id));
    if (!parts.tgwAssociations.has(a.id) && g.defaultAssociation !== false && def) parts.tgwAssociations.set(a.id, { table: isUnknown(g.defaultAssociation) ? g.defaultAssociation : def.id, origin: g.origin });
    if (g.defaultPropagation === true && def && !explicitlyPropagated.has(`${a.id}|${def.id}`)) propagate(a, def, a.origin);
  }
  return parts;
}
