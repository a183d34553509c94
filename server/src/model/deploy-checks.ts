// Template mistakes EC2 rejects at deploy, which the data plane therefore never sees: an element that
// ties two VPCs together where EC2 wants one (a subnet associated with another VPC's route table or
// network ACL, a route to another VPC's gateway, NAT gateway or interface, a security group of another
// VPC on an interface), and subnet blocks EC2 refuses (outside the VPC, overlapping another subnet). A
// block not aligned to its prefix is only a warning: EC2 keeps its canonical form. Each rejection is an
// error with the range to fix, and the model element is made unknown (or marked rejected) so that the
// walk never uses it as if it worked.
import type { Endpoint, InternetGateway, Maybe, NatGateway, OtherGateway, Placement, RouteTable, SecurityGroup, Subnet, Vpc } from './types';
import { isUnknown } from './types';
import { prop, unknown, type Ctx } from './read';
import { cidrContains, cidrOverlaps, formatCidr, parseCidr, type Cidr } from '../net/ip';
import type { Range } from '../template/located';
import type { RValue } from '../template/values';

/** The range of the first Ref / GetAtt to `target` inside a resolved value (depth-first). */
function refRange(v: RValue | undefined, target: string, depth = 0): Range | undefined {
  if (!v || depth > 8) return undefined;
  if (v.kind === 'ref') return v.resource === target ? v.range : undefined;
  if (v.kind === 'list') {
    for (const x of v.items) {
      const r = refRange(x, target, depth + 1);
      if (r) return r;
    }
  }
  if (v.kind === 'map') {
    for (const x of v.entries.values()) {
      const r = refRange(x, target, depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

function err(ctx: Ctx, code: string, message: string, range: Range): void {
  if (ctx.problems.some((p) => p.code === code && p.range.start === range.start && p.range.end === range.end)) return;
  ctx.problems.push({ code, message, range, severity: 'error' });
}

/**
 * Subnet blocks: inside one of the VPC's blocks and not overlapping another subnet of the VPC (VPC User
 * Guide, "Subnet CIDR blocks"; EC2 CreateSubnet errors InvalidSubnet.Range and InvalidSubnet.Conflict).
 * A block written with host bits set (`10.0.119.0/21`) is kept in its canonical form (10.0.112.0/21) by
 * EC2 (CreateSubnet API reference), so it is a warning and the canonical block is used.
 */
export function checkSubnetBlocks(ctx: Ctx, subnets: Subnet[], vpcs: Vpc[]): void {
  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  const bad = new Map<Subnet, { reason: string; range: Range }>();
  for (const s of subnets) {
    if (isUnknown(s.cidr)) continue;
    const res = ctx.rt.resources.get(s.id);
    const v = res ? prop(res, 'CidrBlock') : undefined;
    const range = v?.range ?? s.origin.range;
    if (v && v.kind === 'str') {
      // EC2 writes a block with host bits set in its canonical form (CreateSubnet: "100.68.0.18/18 →
      // 100.68.0.0/18"): the subnet works on the canonical block, which may not be the one meant.
      const p = parseCidr(v.value.trim());
      if (p.ok && p.canonicalized) {
        ctx.problems.push({ code: 'SUBNET_CIDR_MISALIGNED', severity: 'warning', range, message: `Subnet ${s.id}: ${v.value.trim()} is not aligned to its /${p.cidr.prefix}; EC2 creates the subnet as ${formatCidr(p.cidr)} (its canonical form), which is what packetwalk walks. Write ${formatCidr(p.cidr)}, or the prefix length you meant` });
      }
    }
    const vpc = typeof s.vpc === 'string' ? vpcById.get(s.vpc) : undefined;
    if (vpc && s.cidr.family === 4) {
      const blocks = vpc.cidrs.filter((b) => isUnknown(b.cidr) || b.cidr.family === 4);
      if (blocks.length > 0 && !blocks.some((b) => isUnknown(b.cidr)) && !blocks.some((b) => cidrContains(b.cidr as Cidr, s.cidr as Cidr))) {
        // The problem itself (SUBNET_CIDR_OUTSIDE_VPC) is reported where subnets are read.
        bad.set(s, { reason: `${formatCidr(s.cidr)} is not inside any block of VPC ${vpc.id}, so EC2 rejects the subnet`, range });
      }
    }
  }
  // Overlaps inside one VPC: EC2 creates the first subnet and refuses the other, whichever comes second.
  const byVpc = new Map<string, Subnet[]>();
  for (const s of subnets) {
    if (typeof s.vpc !== 'string' || isUnknown(s.cidr) || bad.has(s)) continue;
    const list = byVpc.get(s.vpc) ?? [];
    list.push(s);
    byVpc.set(s.vpc, list);
  }
  for (const list of byVpc.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (!cidrOverlaps(a.cidr as Cidr, b.cidr as Cidr)) continue;
        const reason = `its block ${formatCidr(b.cidr as Cidr)} overlaps subnet ${a.id}'s ${formatCidr(a.cidr as Cidr)} in the same VPC, so EC2 creates only one of them (whichever it creates first)`;
        const range = rangeOfCidr(ctx, b);
        err(ctx, 'SUBNET_CIDR_OVERLAP', `Subnet ${b.id}: ${reason}`, range);
        bad.set(a, { reason: `its block overlaps subnet ${b.id}'s, so EC2 creates only one of them`, range: rangeOfCidr(ctx, a) });
        bad.set(b, { reason, range });
      }
    }
  }
  for (const [s, why] of bad) {
    s.rejected = `subnet ${s.id} cannot be created: ${why.reason}`;
    s.cidr = unknown(ctx, s.id, 'CidrBlock', s.rejected, why.range);
  }
}

/** Nothing is placed in a subnet EC2 refuses: the placements (and NAT gateways) there have an unknown subnet. */
export function disownRejectedSubnets(ctx: Ctx, subnets: Subnet[], endpoints: Endpoint[], nats: NatGateway[]): void {
  const rejected = new Map<string, Subnet>();
  for (const s of subnets) if (s.rejected) rejected.set(s.id, s);
  if (rejected.size === 0) return;
  const gone = (owner: string, subnet: Maybe<string>, range: Range): Maybe<string> => {
    const s = typeof subnet === 'string' ? rejected.get(subnet) : undefined;
    return s ? unknown(ctx, owner, 'SubnetId', s.rejected!, range) : subnet;
  };
  for (const e of endpoints) for (const p of e.placements) p.subnet = gone(e.id, p.subnet, p.origin.range);
  for (const n of nats) n.subnet = gone(n.id, n.subnet, n.origin.range);
}

function rangeOfCidr(ctx: Ctx, s: Subnet): Range {
  const res = ctx.rt.resources.get(s.id);
  return (res && prop(res, 'CidrBlock')?.range) ?? s.origin.range;
}

/** A subnet's route table and network ACL must belong to the subnet's VPC (EC2 rejects the association). */
export function checkAssociations(ctx: Ctx, subnets: Subnet[], tables: RouteTable[], nacls: Array<{ id: string; vpc: Maybe<string> }>): void {
  const tableById = new Map(tables.map((t) => [t.id, t]));
  const aclById = new Map(nacls.map((a) => [a.id, a]));
  for (const s of subnets) {
    if (typeof s.vpc !== 'string') continue;
    const rt = typeof s.routeTable === 'string' ? tableById.get(s.routeTable) : undefined;
    if (rt && typeof rt.vpc === 'string' && rt.vpc !== s.vpc && s.routeTableAssociation) {
      const reason = `route table ${rt.id} belongs to VPC ${rt.vpc}, but subnet ${s.id} is in VPC ${s.vpc}: EC2 rejects the association`;
      err(ctx, 'SUBNET_ASSOCIATION_OTHER_VPC', `${s.routeTableAssociation.resource}: ${reason}`, s.routeTableAssociation.range);
      s.routeTable = unknown(ctx, s.id, 'RouteTable', reason, s.routeTableAssociation.range);
    }
    const acl = typeof s.networkAcl === 'string' ? aclById.get(s.networkAcl) : undefined;
    if (acl && typeof acl.vpc === 'string' && acl.vpc !== s.vpc && s.networkAclAssociation) {
      const reason = `network ACL ${acl.id.replace(/#default-acl$/, "'s default network ACL")} belongs to VPC ${acl.vpc}, but subnet ${s.id} is in VPC ${s.vpc}: EC2 rejects the association`;
      err(ctx, 'SUBNET_ASSOCIATION_OTHER_VPC', `${s.networkAclAssociation.resource}: ${reason}`, s.networkAclAssociation.range);
      s.networkAcl = unknown(ctx, s.id, 'NetworkAcl', reason, s.networkAclAssociation.range);
    }
  }
}

/**
 * A route's target must be in the route table's VPC: an internet gateway attached to it, a NAT gateway
 * or network interface in one of its subnets (EC2 CreateRoute: "route table and network gateway belong
 * to different networks"). Such a route is marked rejected; the walk never follows it.
 */
export function checkRouteTargets(
  ctx: Ctx,
  tables: RouteTable[],
  subnets: Subnet[],
  igws: InternetGateway[],
  nats: NatGateway[],
  endpoints: Endpoint[],
  others: OtherGateway[],
): void {
  const subnetVpc = new Map<string, string>();
  for (const s of subnets) if (typeof s.vpc === 'string') subnetVpc.set(s.id, s.vpc);
  const igwById = new Map(igws.map((g) => [g.id, g]));
  const natById = new Map(nats.map((n) => [n.id, n]));
  const epById = new Map(endpoints.map((e) => [e.id, e]));
  const otherById = new Map(others.map((g) => [g.id, g]));
  const vpcsOfPlacements = (pls: Placement[]): Set<string> | undefined => {
    const out = new Set<string>();
    for (const p of pls) {
      if (typeof p.subnet !== 'string') return undefined;
      const v = subnetVpc.get(p.subnet);
      if (!v) return undefined;
      out.add(v);
    }
    return out;
  };
  for (const t of tables) {
    if (typeof t.vpc !== 'string') continue;
    for (const r of t.routes) {
      const tg = r.target;
      if (tg.kind === 'local' || tg.kind === 'missing' || isUnknown(tg.id)) continue;
      const id = tg.id;
      let where: string | undefined; // the VPC(s) the target belongs to, when it is not t.vpc
      if (tg.kind === 'internet-gateway' || tg.kind === 'egress-only-internet-gateway') {
        const g = igwById.get(id);
        const vpcs = g ? g.attachments.map((a) => a.vpc) : otherById.get(id)?.vpcs;
        if (!vpcs || vpcs.length === 0 || vpcs.some((v) => isUnknown(v)) || vpcs.includes(t.vpc)) continue;
        where = `attached to ${(vpcs as string[]).join(', ')}`;
      } else if (tg.kind === 'nat-gateway') {
        const n = natById.get(id);
        const v = n && typeof n.subnet === 'string' ? subnetVpc.get(n.subnet) : undefined;
        if (!v || v === t.vpc) continue;
        where = `in VPC ${v}`;
      } else if (tg.kind === 'network-interface' || tg.kind === 'instance' || (tg.kind === 'vpc-endpoint' && epById.get(id)?.inspection)) {
        // A middlebox endpoint (firewall, Gateway Load Balancer endpoint) serves routes of its own VPC only.
        const e = epById.get(id);
        const vpcs = e ? vpcsOfPlacements(e.placements) : undefined;
        if (!vpcs || vpcs.size === 0 || vpcs.has(t.vpc)) continue;
        where = `in VPC ${[...vpcs].join(', ')}`;
      } else continue;
      const table = t.implicit ? `the main route table of ${t.vpc}` : `route table ${t.id}`;
      const what = tg.kind.replace(/-/g, ' ');
      r.rejected = `route ${r.id} in ${table} (VPC ${t.vpc}) targets ${what} ${id}, which is ${where}: EC2 rejects a route to another VPC's ${what}`;
      err(ctx, 'ROUTE_TARGET_OTHER_VPC', r.rejected, r.origin.range);
    }
  }
}

/** Every security group on an interface must belong to the interface's VPC (EC2 rejects the launch). */
export function checkPlacementGroups(ctx: Ctx, endpoints: Endpoint[], subnets: Subnet[], groups: SecurityGroup[]): void {
  const subnetVpc = new Map<string, string>();
  for (const s of subnets) if (typeof s.vpc === 'string') subnetVpc.set(s.id, s.vpc);
  const groupById = new Map(groups.map((g) => [g.id, g]));
  for (const e of endpoints) {
    for (const p of e.placements) {
      const vpc = typeof p.subnet === 'string' ? subnetVpc.get(p.subnet) : undefined;
      if (!vpc) continue;
      p.securityGroups = p.securityGroups.map((ref) => {
        if (isUnknown(ref)) return ref;
        const g = groupById.get(ref);
        if (!g || typeof g.vpc !== 'string' || g.vpc === vpc) return ref;
        const reason = `security group ${g.id} belongs to VPC ${g.vpc}, but ${e.id} is in subnet ${p.subnet} of VPC ${vpc}: EC2 rejects a security group of another VPC`;
        const range = refRange(ctx.rt.resources.get(p.origin.resource)?.properties, g.id) ?? p.origin.range;
        err(ctx, 'SG_OTHER_VPC', reason, range);
        return unknown(ctx, e.id, 'SecurityGroupIds', reason, range);
      });
    }
  }
}
