// Gateway route tables: a route table edge-associated with an internet gateway (or a virtual private
// gateway) routes the traffic entering through that gateway, typically to a middlebox, before the
// destination subnet's own routing applies (VPC User Guide, "Gateway route tables"; Reachability
// Analyzer INGRESS_RTB_*). The walk follows it for traffic entering through an internet gateway
// (walk/inspection-chain.ts).
import type { InternetGateway } from './types';
import { at, originOf, prop, propRange, readLink, resourcesOfType, type Ctx } from './read';

export function readGatewayRouteTables(ctx: Ctx, igws: InternetGateway[]): void {
  const byId = new Map(igws.map((g) => [g.id, g]));
  for (const r of resourcesOfType(ctx, 'AWS::EC2::GatewayRouteTableAssociation')) {
    const gw = readLink(at(ctx, r.id, 'GatewayId'), prop(r, 'GatewayId'));
    const g = typeof gw === 'string' ? byId.get(gw) : undefined;
    if (!g) continue;
    const table = readLink(at(ctx, r.id, 'RouteTableId'), prop(r, 'RouteTableId'));
    g.edgeRouteTable = { table: table ?? r.id, origin: originOf(r, propRange(r, 'RouteTableId')) };
  }
}
