// Quick fix: a subnet's route table has no route to a destination outside the VPC (NO_ROUTE_TO_DESTINATION).
// A new AWS::EC2::Route in that table, for `0.0.0.0/0` when the flow goes to `internet` (a default route,
// the need of any internet destination), else for the public destination's own block, to a gateway the
// VPC has: an internet gateway when the sender has a public address (a public subnet), else a public NAT
// gateway that sits in a public subnet (one in the sender's zone first). The internet gateway does not
// translate an address the sender does not have (docs/codes.md, igw_public_ip_association_for_egress), so
// a private sender with no NAT gateway to use gets no fix. A route to an internet gateway depends on the
// gateway's attachment (CloudFormation creates the route only once the gateway is attached).
import type { Finding } from '../../analyze/types';
import { get, getEntry, type LEntry } from '../../template/located';
import { isUnknown, type NetworkModel, type RouteTable, type Subnet } from '../../model/types';
import { cidrContains, formatCidr, isPrivateSpace, parseCidr, type Cidr } from '../../net/ip';
import { droppedBy, flowKeysLike, lastOfType, type Dropped, type FixContext, type QuickFix } from './context';
import { freeLogicalId, insertResourceAfter, Intrinsic, type NewMap } from './template-text';

export const ROUTE_CODES = ['NO_ROUTE_TO_DESTINATION'];

type Target = { kind: 'nat'; id: string } | { kind: 'igw'; id: string; attachment?: string };

export function routeFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const table = ctx.model.index.routeTable.get(finding.resource ?? '');
  if (!table || table.implicit || isUnknown(table.vpc) || !getEntry(ctx.resources, table.id)) return [];
  const vpc = table.vpc;
  const out: QuickFix[] = [];
  for (const d of droppedBy(ctx, finding, (h) => h.resource === table.id && h.type === 'AWS::EC2::RouteTable')) {
    const destination = destinationOf(ctx.model, d);
    if (!destination) continue;
    const subnet = senderSubnet(ctx.model, table, d.hop.in.src);
    if (!subnet) continue;
    const target = targetFor(ctx.model, vpc, subnet, senderIsPublic(ctx.model, d, subnet));
    if (!target) continue;
    if (table.routes.some((r) => !isUnknown(r.destination) && 'prefix' in r.destination && formatCidr(r.destination) === destination)) continue;
    const edit = insertRoute(ctx, table, destination, target);
    const title = `Add route ${destination} → ${target.kind === 'nat' ? 'NAT gateway' : 'internet gateway'} ${target.id} to ${table.id}`;
    if (out.some((f) => f.title === title)) continue;
    out.push({ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] });
  }
  return out;
}

/** The block the new route needs: the default route for `internet`, else a public destination's own block. */
function destinationOf(model: NetworkModel, d: Dropped): string | undefined {
  if (d.hop.in.dst === 'internet') return '0.0.0.0/0';
  const c = parseCidr(d.hop.in.dst);
  if (!c.ok || c.cidr.family !== 4 || isPrivateSpace(c.cidr)) return undefined;
  // Inside a VPC of the template: a route to a gateway would not reach it.
  if (model.vpcs.some((v) => v.cidrs.some((x) => !isUnknown(x.cidr) && cidrContains(x.cidr, c.cidr)))) return undefined;
  return formatCidr(c.cidr);
}

/** The subnet the packet leaves by: one routed by this table whose block holds the sender. */
function senderSubnet(model: NetworkModel, table: RouteTable, src: string): Subnet | undefined {
  const at = parseCidr(src);
  if (!at.ok) return undefined;
  return model.subnets.find((s) => s.routeTable === table.id && !isUnknown(s.cidr) && cidrContains(s.cidr, at.cidr));
}

/** The flow's sender, in that subnet, has a public IPv4 address (MapPublicIpOnLaunch, AssociatePublicIpAddress, an EIP). */
function senderIsPublic(model: NetworkModel, d: Dropped, subnet: Subnet): boolean {
  const e = model.index.endpoint.get(d.from);
  const placements = e?.placements.filter((p) => p.subnet === subnet.id) ?? [];
  return placements.length > 0 && placements.every((p) => !isUnknown(p.publicIp) && (p.publicIp.kind === 'auto' || p.publicIp.kind === 'eip'));
}

function attachedGateway(model: NetworkModel, vpc: string): Target | undefined {
  for (const g of model.internetGateways) {
    if (g.exists !== 'yes') continue;
    const a = g.attachments.find((x) => x.vpc === vpc && x.exists === 'yes');
    if (a) return { kind: 'igw', id: g.id, attachment: a.origin.resource !== g.id ? a.origin.resource : undefined };
  }
  return undefined;
}

/** A subnet whose table sends 0.0.0.0/0 to the VPC's attached internet gateway. */
function isPublicSubnet(model: NetworkModel, subnetId: string, igw: string): boolean {
  const s = model.index.subnet.get(subnetId);
  const t = s && !isUnknown(s.routeTable) ? model.index.routeTable.get(s.routeTable) : undefined;
  return !!t?.routes.some(
    (r) => r.exists === 'yes' && !isUnknown(r.destination) && 'prefix' in r.destination && (r.destination as Cidr).prefix === 0 && r.target.kind === 'internet-gateway' && r.target.id === igw,
  );
}

function targetFor(model: NetworkModel, vpc: string, subnet: Subnet, publicSender: boolean): Target | undefined {
  const igw = attachedGateway(model, vpc);
  if (!igw) return undefined;
  if (publicSender) return igw;
  const nats = model.natGateways.filter(
    (n) => n.exists === 'yes' && n.connectivity === 'public' && !isUnknown(n.subnet) && model.index.subnet.get(n.subnet)?.vpc === vpc && isPublicSubnet(model, n.subnet, igw.id),
  );
  const zone = (id: string) => model.index.subnet.get(id)?.az;
  const sameZone = nats.find((n) => !isUnknown(subnet.az) && zone(n.subnet as string) === subnet.az);
  const nat = sameZone ?? nats[0];
  return nat ? { kind: 'nat', id: nat.id } : undefined;
}

function typeOf(e: LEntry): unknown {
  const t = get(e.value, 'Type');
  return t?.kind === 'scalar' ? t.value : undefined;
}

/** After the table's last route written in the template (or the table), styled like the template's routes. */
function insertRoute(ctx: FixContext, table: RouteTable, destination: string, target: Target) {
  // The table's own AWS::EC2::Route resources (not its local routes, which its VPC implies).
  const own = table.routes
    .filter((r) => !r.origin.element)
    .map((r) => getEntry(ctx.resources, r.origin.resource))
    .filter((e): e is LEntry => !!e && typeOf(e) === 'AWS::EC2::Route');
  const anchor = own.sort((a, b) => b.value.range.end - a.value.range.end)[0] ?? getEntry(ctx.resources, table.id)!;
  const like = own[0] ?? lastOfType(ctx, 'AWS::EC2::Route');
  const id = freeLogicalId(ctx.resources, `${table.id}${destination === '0.0.0.0/0' ? 'Default' : ''}Route`);
  const body: NewMap = { Type: 'AWS::EC2::Route' };
  if (target.kind === 'igw' && target.attachment) body.DependsOn = target.attachment;
  body.Properties = {
    RouteTableId: new Intrinsic('Ref', table.id),
    DestinationCidrBlock: destination,
    ...(target.kind === 'nat' ? { NatGatewayId: new Intrinsic('Ref', target.id) } : { GatewayId: new Intrinsic('Ref', target.id) }),
  };
  return insertResourceAfter(ctx.parse, ctx.style, anchor, id, body, flowKeysLike(ctx, like));
}
