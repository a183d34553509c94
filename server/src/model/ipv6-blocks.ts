// A subnet's IPv6 block written the way templates carve a VPC's /56 into /64s:
//   Fn::Select [i, Fn::Cidr [Fn::Select [0, Fn::GetAtt Vpc.Ipv6CidrBlocks], n, 64]]
// (or Fn::GetAtt <VPCCidrBlock>.Ipv6CidrBlock as the block), or the /56's text cut before "00::/56" with
// Fn::Split and completed with "XX::/64" by Fn::Sub. When the VPC's block is in the template, the
// subnet's block is computed; when Amazon assigns it at deploy, the subnet's block stays unknown as a
// prefix but is known symbolically: block i of that VPC's block (inside the VPC, disjoint from block j),
// which is enough for every decision that depends only on rules such as `::/0` or the local route.
import { splitCidr, type Cidr } from '../net/ip';
import { get, type LNode } from '../template/located';
import type { ResolvedResource } from '../template/values';
import { isUnknown, type Vpc } from './types';
import type { Ctx } from './read';

export interface Ipv6Slot {
  vpc: string;
  index: number;
  prefix: number;
}

/** The single `Fn::…` key of an intrinsic map, and its argument. */
function intrinsic(n: LNode | undefined, name: string): LNode | undefined {
  if (!n || n.kind !== 'map' || n.entries.length !== 1 || n.entries[0].key !== name) return undefined;
  return n.entries[0].value;
}

function int(n: LNode | undefined): number | undefined {
  if (!n || n.kind !== 'scalar') return undefined;
  const v = typeof n.value === 'string' && /^\d+$/.test(n.value) ? Number(n.value) : n.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** `Fn::GetAtt [X, Attr]` or `Fn::GetAtt X.Attr` → [X, Attr]. */
function getAtt(n: LNode | undefined): [string, string] | undefined {
  const a = intrinsic(n, 'Fn::GetAtt');
  if (!a) return undefined;
  if (a.kind === 'scalar' && typeof a.value === 'string') {
    const dot = a.value.indexOf('.');
    return dot > 0 ? [a.value.slice(0, dot), a.value.slice(dot + 1)] : undefined;
  }
  if (a.kind === 'seq' && a.items.length === 2 && a.items[0].kind === 'scalar' && a.items[1].kind === 'scalar') return [String(a.items[0].value), String(a.items[1].value)];
  return undefined;
}

/** The VPC whose IPv6 block an expression names: `Fn::Select [0, GetAtt Vpc.Ipv6CidrBlocks]` or `GetAtt Block.Ipv6CidrBlock`. */
export function vpcOfBlock(ctx: Ctx, n: LNode | undefined): string | undefined {
  const sel = intrinsic(n, 'Fn::Select');
  if (sel && sel.kind === 'seq' && sel.items.length === 2 && int(sel.items[0]) === 0) {
    const ga = getAtt(sel.items[1]);
    if (ga && ga[1] === 'Ipv6CidrBlocks' && ctx.rt.resources.get(ga[0])?.type === 'AWS::EC2::VPC') return ga[0];
  }
  const ga = getAtt(n);
  if (ga && ga[1] === 'Ipv6CidrBlock') {
    const block = ctx.rt.resources.get(ga[0]);
    if (block?.type !== 'AWS::EC2::VPCCidrBlock') return undefined;
    const v = intrinsic(get(get(block.node, 'Properties'), 'VpcId'), 'Ref');
    return v && v.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
  }
  return undefined;
}

interface Carved {
  vpcId: string;
  index: number;
  count: number;
  bits: number;
}

/** `Fn::Select [i, Fn::Cidr [<VPC block>, n, bits]]`. */
function selectOfCidr(ctx: Ctx, node: LNode | undefined): Carved | undefined {
  const sel = intrinsic(node, 'Fn::Select');
  if (!sel || sel.kind !== 'seq' || sel.items.length !== 2) return undefined;
  const index = int(sel.items[0]);
  const cidr = intrinsic(sel.items[1], 'Fn::Cidr');
  if (index === undefined || !cidr || cidr.kind !== 'seq' || cidr.items.length !== 3) return undefined;
  const vpcId = vpcOfBlock(ctx, cidr.items[0]);
  const count = int(cidr.items[1]);
  const bits = int(cidr.items[2]);
  if (!vpcId || count === undefined || bits === undefined || index >= count || bits < 1 || bits > 128) return undefined;
  return { vpcId, index, count, bits };
}

/**
 * `Fn::Sub ["${VpcPart}${SubnetPart}", { VpcPart: Fn::Select [0, Fn::Split ["00::/56", <VPC block>]], SubnetPart: "XX::/64" }]`:
 * the /56's text cut before its last two hex digits, followed by the subnet's two: /64 number 0xXX of the /56.
 */
function subOfSplit(ctx: Ctx, node: LNode | undefined): Carved | undefined {
  const sub = intrinsic(node, 'Fn::Sub');
  if (!sub || sub.kind !== 'seq' || sub.items.length !== 2 || sub.items[0].kind !== 'scalar' || sub.items[1].kind !== 'map') return undefined;
  const m = /^\$\{(\w+)\}\$\{(\w+)\}$/.exec(String(sub.items[0].value));
  if (!m) return undefined;
  const vars = sub.items[1];
  const value = (k: string) => vars.entries.find((e) => e.key === k)?.value;
  const head = intrinsic(value(m[1]), 'Fn::Select');
  const tail = value(m[2]);
  const hex = tail && tail.kind === 'scalar' ? /^([0-9a-fA-F]{1,2})::\/64$/.exec(String(tail.value)) : null;
  if (!head || head.kind !== 'seq' || head.items.length !== 2 || int(head.items[0]) !== 0 || !hex) return undefined;
  const split = intrinsic(head.items[1], 'Fn::Split');
  if (!split || split.kind !== 'seq' || split.items.length !== 2 || split.items[0].kind !== 'scalar' || split.items[0].value !== '00::/56') return undefined;
  const vpcId = vpcOfBlock(ctx, split.items[1]);
  return vpcId ? { vpcId, index: parseInt(hex[1], 16), count: 256, bits: 64 } : undefined;
}

/**
 * Reads the subnet's `Ipv6CidrBlock` as block i of its VPC's IPv6 block: the concrete block when the VPC's
 * IPv6 block is known, else the symbolic slot. undefined when the text is not written that way.
 */
export function subnetIpv6FromVpcBlock(ctx: Ctx, r: ResolvedResource, vpcs: Map<string, Vpc>): { cidr: Cidr } | { slot: Ipv6Slot } | undefined {
  const node = get(get(r.node, 'Properties'), 'Ipv6CidrBlock');
  const carved = selectOfCidr(ctx, node) ?? subOfSplit(ctx, node);
  if (!carved) return undefined;
  const { vpcId, index, count, bits } = carved;
  const vpc = vpcs.get(vpcId);
  if (!vpc) return undefined;
  const v6 = vpc.cidrs.filter((c) => isUnknown(c.cidr) || c.cidr.family === 6);
  const known = v6.find((c) => !isUnknown(c.cidr));
  if (known && v6.length === 1) {
    const split = splitCidr(known.cidr as Cidr, count, bits);
    return typeof split === 'string' ? undefined : { cidr: split[index] };
  }
  // Amazon-provided (or pool-allocated) /56: the slot's prefix is 128 - bits.
  if (v6.length === 0) return undefined;
  return { slot: { vpc: vpcId, index, prefix: 128 - bits } };
}
