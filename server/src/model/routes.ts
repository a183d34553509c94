// Route tables and their routes: explicit AWS::EC2::RouteTable / AWS::EC2::Route, the routes a gateway
// VPC endpoint adds to the tables it names (destination = the service's prefix list), and the local
// route for each VPC CIDR that every table of the VPC starts with (AWS VPC guide, VPC_Route_Tables.md).
import { serviceOfEndpoint } from './aws-services';
import type { Route, RouteTable, RouteTarget, Subnet, Vpc } from './types';
import { isUnknown } from './types';
import { addPropagatedRoutes } from './vpn-propagation';
import { at, existsOf, originOf, prop, readCidr, readLink, readList, readRef, readString, resourcesOfType, unknown, type Ctx } from './read';
import { cidrContains, formatCidr } from '../net/ip';
import type { RValue, ResolvedResource } from '../template/values';
import { get, type Range } from '../template/located';
import { serviceOfName } from './prefix-lists';
import { firewallPick } from './network-firewalls';
import { vpcOfBlock } from './ipv6-blocks';

/** The text of a ServiceName written as `!Sub com.amazonaws.${AWS::Region}.s3` (its service part is known). */
function serviceNameText(r: ResolvedResource): string | undefined {
  const v = get(get(r.node, 'Properties'), 'ServiceName');
  if (!v || v.kind !== 'map' || v.entries.length !== 1 || v.entries[0].key !== 'Fn::Sub') return undefined;
  const t = v.entries[0].value;
  if (t.kind === 'scalar' && typeof t.value === 'string') return t.value;
  if (t.kind === 'seq' && t.items[0]?.kind === 'scalar' && typeof t.items[0].value === 'string') return t.items[0].value;
  return undefined;
}

type TargetKind = Exclude<RouteTarget['kind'], 'local' | 'missing'>;

/** Route target properties, in the order CloudFormation documents them, with the kind each names. */
const TARGET_PROPS: Array<[string, TargetKind | 'gateway']> = [
  ['GatewayId', 'gateway'],
  ['NatGatewayId', 'nat-gateway'],
  ['NetworkInterfaceId', 'network-interface'],
  ['InstanceId', 'instance'],
  ['VpcPeeringConnectionId', 'vpc-peering'],
  ['TransitGatewayId', 'transit-gateway'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['VpcEndpointId', 'vpc-endpoint'],
  ['CarrierGatewayId', 'carrier-gateway'],
  ['LocalGatewayId', 'local-gateway'],
  ['CoreNetworkArn', 'core-network'],
];

/** GatewayId names an internet gateway, a virtual private gateway or a (Gateway Load Balancer) endpoint. */
function gatewayKind(type: string | undefined, physical?: string): TargetKind {
  if (type === 'AWS::EC2::VPNGateway' || physical?.startsWith('vgw-')) return 'vpn-gateway';
  if (type === 'AWS::EC2::VPCEndpoint' || physical?.startsWith('vpce-')) return 'vpc-endpoint';
  if (type === 'AWS::EC2::EgressOnlyInternetGateway' || physical?.startsWith('eigw-')) return 'egress-only-internet-gateway';
  return 'internet-gateway';
}

function readTarget(ctx: Ctx, r: ResolvedResource): { target: RouteTarget; range: Range } {
  for (const [name, kind] of TARGET_PROPS) {
    const v = prop(r, name);
    if (v === undefined || v.kind === 'null') continue;
    const range = v.range;
    if (name === 'GatewayId' && v.kind === 'str' && v.value === 'local') {
      return { target: { kind: 'local', vpc: '' }, range };
    }
    // An endpoint of a Network Firewall, picked out of its EndpointIds (./network-firewalls.ts).
    const pick = name === 'VpcEndpointId' || name === 'GatewayId' ? firewallPick(ctx, r, name) : undefined;
    if (pick && ctx.rt.absentResources.has(pick.firewall)) {
      const reason = `firewall ${pick.firewall} is not created (Condition ${ctx.rt.absentResources.get(pick.firewall)!.conditionName} is false), so this route is a blackhole`;
      return { target: { kind: 'missing', id: pick.firewall, reason }, range };
    }
    if (pick) {
      const firewall: { index: number | null; reason?: string } = { index: pick.index };
      if (pick.reason) firewall.reason = pick.reason;
      return { target: { kind: 'vpc-endpoint', id: pick.firewall, firewall }, range };
    }
    const ref = readRef(at(ctx, r.id, name), v);
    if (ref === undefined) continue;
    if (isUnknown(ref)) {
      // The resolver turns a Ref to a resource that is not created into an unknown; the located text
      // still names it, and such a route is a blackhole rather than an unknown.
      const named = refNameInText(r, name);
      if (named && ctx.rt.absentResources.has(named)) {
        const reason = `${named} is not created (Condition ${ctx.rt.absentResources.get(named)!.conditionName} is false), so this route is a blackhole`;
        return { target: { kind: 'missing', id: named, reason }, range };
      }
      if (named && !ctx.rt.resources.has(named) && !ctx.rt.parameters.has(named) && !named.startsWith('AWS::')) {
        const reason = `${named} is not defined in the template, so this route has no target (a blackhole)`;
        return { target: { kind: 'missing', id: named, reason }, range };
      }
      const physical = v.kind === 'str' ? v.value : undefined;
      const k = kind === 'gateway' ? gatewayKind(undefined, physical) : kind;
      return { target: { kind: k, id: ref } as RouteTarget, range };
    }
    if (ref.absent) {
      const reason = `${ref.id} is not created (Condition ${ref.absent.conditionName} is false), so this route is a blackhole`;
      return { target: { kind: 'missing', id: ref.id, reason }, range };
    }
    if (ref.undefinedId) {
      const reason = `${ref.id} is not defined in the template, so this route has no target (a blackhole)`;
      return { target: { kind: 'missing', id: ref.id, reason }, range };
    }
    const k = kind === 'gateway' ? gatewayKind(ref.type) : kind;
    return { target: { kind: k, id: ref.id } as RouteTarget, range };
  }
  const reason = `route ${r.id} names no target`;
  return { target: { kind: 'missing', id: r.id, reason }, range: r.range };
}

/** The logical id a property's Ref / Fn::GetAtt names in the source text, if it is written that way. */
function refNameInText(r: ResolvedResource, property: string): string | undefined {
  const v = get(get(r.node, 'Properties'), property);
  if (!v || v.kind !== 'map' || v.entries.length !== 1) return undefined;
  const { key, value } = v.entries[0];
  if (key === 'Ref' && value.kind === 'scalar' && typeof value.value === 'string') return value.value;
  if (key === 'Fn::GetAtt') {
    if (value.kind === 'scalar' && typeof value.value === 'string') return value.value.split('.')[0];
    if (value.kind === 'seq' && value.items[0]?.kind === 'scalar') return String(value.items[0].value);
  }
  return undefined;
}

function readDestination(ctx: Ctx, r: ResolvedResource): Route['destination'] {
  const v4 = readCidr(at(ctx, r.id, 'DestinationCidrBlock'), prop(r, 'DestinationCidrBlock'));
  if (v4 !== undefined) return v4;
  const v6 = readCidr(at(ctx, r.id, 'DestinationIpv6CidrBlock'), prop(r, 'DestinationIpv6CidrBlock'));
  if (v6 !== undefined) return v6;
  const plv = prop(r, 'DestinationPrefixListId');
  if (plv !== undefined) {
    // Ref / GetAtt PrefixListId of a template prefix list links to it; a pl-… text is a list outside.
    const ref = plv.kind === 'ref' ? readRef(at(ctx, r.id, 'DestinationPrefixListId'), plv) : undefined;
    if (ref && !isUnknown(ref) && ref.type === 'AWS::EC2::PrefixList' && !ref.absent) return { prefixList: ref.id };
    const pl = readString(at(ctx, r.id, 'DestinationPrefixListId'), plv);
    if (pl !== undefined) return { prefixList: pl };
  }
  return unknown(ctx, r.id, 'DestinationCidrBlock', `route ${r.id} has no destination`, r.range);
}

export function buildRouteTables(ctx: Ctx, vpcs: Vpc[], mainTables: RouteTable[]): RouteTable[] {
  const tables: RouteTable[] = [...mainTables];
  for (const r of resourcesOfType(ctx, 'AWS::EC2::RouteTable')) {
    const vpc = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    tables.push({
      id: r.id,
      vpc: vpc ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range),
      routes: [],
      origin: originOf(r),
      exists: existsOf(r),
    });
  }
  const byId = new Map(tables.map((t) => [t.id, t]));

  for (const r of resourcesOfType(ctx, 'AWS::EC2::Route')) {
    const tableId = readLink(at(ctx, r.id, 'RouteTableId'), prop(r, 'RouteTableId'));
    const table = typeof tableId === 'string' ? byId.get(tableId) : undefined;
    if (!table) continue; // a table outside the template (or undecidable): nothing in the model uses it
    const { target, range } = readTarget(ctx, r);
    if (target.kind === 'local') target.vpc = typeof table.vpc === 'string' ? table.vpc : '';
    const destination = readDestination(ctx, r);
    const route: Route = { id: r.id, destination, target, origin: originOf(r, range), exists: existsOf(r) };
    // A route to another VPC's whole IPv6 block, assigned at deploy (a peering or transit gateway route).
    if (isUnknown(destination) && prop(r, 'DestinationIpv6CidrBlock') !== undefined) {
      const of = vpcOfBlock(ctx, get(get(r.node, 'Properties'), 'DestinationIpv6CidrBlock'));
      if (of !== undefined) route.ipv6BlockOf = of;
    }
    table.routes.push(route);
  }

  // Gateway endpoints (S3, DynamoDB) add a route to the service's prefix list in each table they name
  // (AWS PrivateLink guide, gateway-endpoints). Interface endpoints are ENIs and add no route.
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCEndpoint')) {
    const type = readString(at(ctx, r.id, 'VpcEndpointType'), prop(r, 'VpcEndpointType'));
    if (type !== undefined && type !== 'Gateway') continue;
    const service = readString(at(ctx, r.id, 'ServiceName'), prop(r, 'ServiceName'));
    const serviceShort = serviceOfName(typeof service === 'string' ? service : serviceNameText(r));
    const items = readList(at(ctx, r.id, 'RouteTableIds'), prop(r, 'RouteTableIds'));
    if (!items || isUnknown(items)) continue;
    for (const item of items as RValue[]) {
      const tableId = readLink(at(ctx, r.id, 'RouteTableIds'), item);
      const table = typeof tableId === 'string' ? byId.get(tableId) : undefined;
      if (!table) continue;
      const route: Route = {
        id: `${r.id}#route:${table.id}`,
        destination: {
          prefixList: service ?? unknown(ctx, r.id, 'ServiceName', 'ServiceName is missing', r.range),
          ...(serviceShort ? { service: serviceShort } : {}),
        },
        target: { kind: 'vpc-endpoint', id: r.id },
        origin: originOf(r, item.range),
        exists: existsOf(r),
      };
      const name = serviceOfEndpoint(r);
      if (name) route.service = name;
      table.routes.push(route);
    }
  }

  // Routes a virtual private gateway propagates (./vpn-propagation.ts).
  addPropagatedRoutes(ctx, tables);

  // Local routes first: one per VPC CIDR, v4 and v6.
  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  for (const t of tables) {
    const vpc = typeof t.vpc === 'string' ? vpcById.get(t.vpc) : undefined;
    if (!vpc) continue;
    const locals: Route[] = vpc.cidrs.map((c, i) => ({
      id: `${vpc.id}#local:${isUnknown(c.cidr) ? `unknown-${i}` : formatCidr(c.cidr)}`,
      destination: c.cidr,
      target: { kind: 'local', vpc: vpc.id },
      origin: { resource: vpc.id, range: c.origin.resource === vpc.id ? c.origin.range : vpc.origin.range, element: 'localRoute' },
      exists: c.exists,
    }));
    t.routes.unshift(...locals);
  }
  return tables;
}


/**
 * A route more specific than a VPC's local route is accepted only when its destination is the whole CIDR
 * of a subnet of that VPC and its target is a NAT gateway, a network interface (or instance) or a Gateway
 * Load Balancer endpoint (VPC User Guide, VPC_Route_Tables.md "Routes more specific than local";
 * Reachability Analyzer VPC_LOCAL_ROUTE_CIDR_RESTRICTION). Anything else fails at deploy: a problem.
 */
export function checkMoreSpecificThanLocal(ctx: Ctx, tables: RouteTable[], subnets: Subnet[]): void {
  const allowed = new Set<RouteTarget['kind']>(['nat-gateway', 'network-interface', 'instance', 'vpc-endpoint']);
  for (const t of tables) {
    const locals = t.routes.filter((r) => r.target.kind === 'local');
    for (const r of t.routes) {
      const d = r.destination;
      // A propagated route inside the local range is not rejected: the local route simply wins over it.
      if (r.target.kind === 'local' || r.target.kind === 'missing' || r.propagated || 'prefixList' in d || isUnknown(d)) continue;
      const inside = locals.find((l) => {
        const c = l.destination;
        return !('prefixList' in c) && !isUnknown(c) && c.family === d.family && c.prefix < d.prefix && cidrContains(c, d);
      });
      if (!inside) continue;
      const vpc = (inside.target as { vpc: string }).vpc;
      const wholeSubnet = subnets.some((s) => !isUnknown(s.vpc) && s.vpc === vpc && ((!isUnknown(s.cidr) && cidrEquals(s.cidr, d)) || (s.ipv6Cidr && !isUnknown(s.ipv6Cidr) && cidrEquals(s.ipv6Cidr, d))));
      const unknownSubnet = subnets.some((s) => s.vpc === vpc && (isUnknown(s.cidr) || (s.ipv6Cidr && isUnknown(s.ipv6Cidr))));
      const okTarget = allowed.has(r.target.kind);
      if (okTarget && (wholeSubnet || unknownSubnet)) continue;
      const why = !okTarget
        ? `its target is ${r.target.kind === 'internet-gateway' ? 'an internet gateway' : `a ${r.target.kind}`}, but only a NAT gateway, a network interface or a Gateway Load Balancer endpoint may take traffic more specific than local`
        : `${formatCidr(d)} is not the whole CIDR of a subnet of ${vpc}`;
      ctx.problems.push({
        code: 'VPC_LOCAL_ROUTE_CIDR_RESTRICTION',
        severity: 'error',
        message: `Route ${r.id} sends ${formatCidr(d)}, inside ${vpc}'s local range, elsewhere: ${why}; EC2 rejects the route at deploy`,
        range: r.origin.range,
      });
    }
  }
}

function cidrEquals(a: { family: number; base: bigint; prefix: number }, b: { family: number; base: bigint; prefix: number }): boolean {
  return a.family === b.family && a.base === b.base && a.prefix === b.prefix;
}
