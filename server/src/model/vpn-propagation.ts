// Route propagation from a virtual private gateway (AWS::EC2::VPNGatewayRoutePropagation): the routes of
// the Site-to-Site VPN connections and Direct Connect behind the gateway appear in the named route tables.
// When every VPN connection on the gateway is declared with `StaticRoutesOnly: true`, those routes are its
// `AWS::EC2::VPNConnectionRoute`s, known prefixes. Otherwise (BGP, Direct Connect, connections declared
// elsewhere) they are learned at run time: one route whose destination is unknown, so a lookup it might
// win is unknown rather than "no route". Propagated routes never beat the local route or an equal static
// route (Site-to-Site VPN guide, vpn-route-priority; VPC guide, route-tables-priority).
import type { RValue } from '../template/values';
import { isUnknown, type Existence, type Route, type RouteTable, type Unknown } from './types';
import { at, existsOf, originOf, prop, readBool, readCidr, readLink, readList, resourcesOfType, unknown, type Ctx } from './read';

export function addPropagatedRoutes(ctx: Ctx, tables: RouteTable[]): void {
  const byId = new Map(tables.map((t) => [t.id, t]));
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPNGatewayRoutePropagation')) {
    const vgw = readLink(at(ctx, r.id, 'VpnGatewayId'), prop(r, 'VpnGatewayId'));
    const items = readList(at(ctx, r.id, 'RouteTableIds'), prop(r, 'RouteTableIds'));
    if (!items || isUnknown(items)) continue;
    const learned = propagatedPrefixes(ctx, vgw, r.range);
    for (const item of items as RValue[]) {
      const tableId = readLink(at(ctx, r.id, 'RouteTableIds'), item);
      const table = typeof tableId === 'string' ? byId.get(tableId) : undefined;
      if (!table) continue;
      learned.forEach((p, i) => {
        const route: Route = {
          id: `${r.id}#propagated:${table.id}:${i}`,
          destination: p.destination,
          target: { kind: 'vpn-gateway', id: vgw ?? unknown(ctx, r.id, 'VpnGatewayId', 'VpnGatewayId is missing', r.range) },
          origin: originOf(r, item.range),
          exists: existsOf(r) === 'yes' && p.exists === 'yes' ? 'yes' : 'unknown',
          propagated: true,
        };
        table.routes.push(route);
      });
    }
  }
}

interface Learned {
  destination: Route['destination'];
  exists: Existence;
}

/** The prefixes the gateway propagates: the static routes of its static VPN connections, or one unknown. */
function propagatedPrefixes(ctx: Ctx, vgw: string | Unknown | undefined, range: Route['origin']['range']): Learned[] {
  const open = (reason: string): Learned[] => [{ destination: { unknown: true, reason, range }, exists: 'yes' }];
  if (typeof vgw !== 'string') return open('the routes a virtual private gateway outside the template propagates are learned at run time');
  const connections = resourcesOfType(ctx, 'AWS::EC2::VPNConnection').filter((c) => readLink(at(ctx, c.id, 'VpnGatewayId'), prop(c, 'VpnGatewayId')) === vgw);
  if (connections.length === 0) {
    return open(`the routes virtual private gateway ${vgw} propagates come from VPN connections or Direct Connect not in the template, learned at run time`);
  }
  const out: Learned[] = [];
  for (const c of connections) {
    const staticOnly = readBool(at(ctx, c.id, 'StaticRoutesOnly'), prop(c, 'StaticRoutesOnly'));
    if (staticOnly !== true) {
      const why = isUnknown(staticOnly) ? `StaticRoutesOnly of VPN connection ${c.id} is unknown` : `VPN connection ${c.id} uses BGP (StaticRoutesOnly is not true)`;
      return open(`${why}: the routes virtual private gateway ${vgw} propagates are learned from the customer gateway at run time`);
    }
    for (const sr of resourcesOfType(ctx, 'AWS::EC2::VPNConnectionRoute')) {
      if (readLink(at(ctx, sr.id, 'VpnConnectionId'), prop(sr, 'VpnConnectionId')) !== c.id) continue;
      const cidr = readCidr(at(ctx, sr.id, 'DestinationCidrBlock'), prop(sr, 'DestinationCidrBlock'));
      if (cidr === undefined) continue;
      const both: Existence = existsOf(c) === 'yes' && existsOf(sr) === 'yes' ? 'yes' : 'unknown';
      out.push({ destination: cidr, exists: both });
    }
  }
  return out;
}
