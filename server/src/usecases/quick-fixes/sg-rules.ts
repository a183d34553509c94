// Quick fix: a security group admits nothing that matches the packet (ENI_SG_RULES_MISMATCH, SG_HAS_NO_RULES),
// entering it (the receiver's group: an ingress rule) or leaving it (the sender's group, whose egress rules
// no longer include the default allow-all: an egress rule). A new rule for exactly the flow's protocol and
// ports, to or from the narrowest peer that covers the packet's other end: a security group every
// placement of that end carries, when it has groups in the same VPC (a rule naming a group matches only
// the private addresses of the interfaces that carry it); else the CIDR the packet names (that end's
// subnet, or its fixed address); `0.0.0.0/0` only for a flow from or to `internet`. An end whose address
// the template does not pin gets no fix. The rule goes where the group's rules of that direction are
// written: its SecurityGroupIngress/SecurityGroupEgress list, or one more AWS::EC2::SecurityGroupIngress/
// Egress resource when they are such resources.
import type { Finding } from '../../analyze/types';
import { getEntry, type LEntry, type LNode } from '../../template/located';
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type SecurityGroup } from '../../model/types';
import { cidrContains, formatCidr, hostCidr, parseCidr, type Cidr } from '../../net/ip';
import { droppedBy, flowKeysLike, oneLineProperty, portsOf, portText, propertiesOf, resourceEntry, type Dropped, type FixContext, type QuickFix } from './context';
import { appendMapEntry, appendSeqItem, freeLogicalId, insertResourceAfter, Intrinsic, Verbatim, type NewMap } from './template-text';

export const SG_RULE_CODES = ['ENI_SG_RULES_MISMATCH', 'SG_HAS_NO_RULES'];

type Direction = 'ingress' | 'egress';

/** The walk says which side of a group dropped the packet in the hop's reason (walk/security-group-check.ts). */
const REASON: Record<Direction, RegExp> = { ingress: / the packet entering it: /, egress: / the packet leaving it: / };

/** How CloudFormation spells each direction (AWS::EC2::SecurityGroup Ingress / Egress). */
const SPELLING = {
  ingress: { list: 'SecurityGroupIngress', type: 'AWS::EC2::SecurityGroupIngress', group: 'SourceSecurityGroupId', word: 'into', toward: 'from', suffix: 'Ingress' },
  egress: { list: 'SecurityGroupEgress', type: 'AWS::EC2::SecurityGroupEgress', group: 'DestinationSecurityGroupId', word: 'out of', toward: 'to', suffix: 'Egress' },
} as const;

type Peer = { kind: 'group'; id: string } | { kind: 'cidr'; cidr: string };

export function sgRuleFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const group = ctx.model.index.securityGroup.get(finding.resource ?? '');
  if (!group || group.implicit || isUnknown(group.vpc)) return [];
  const out: QuickFix[] = [];
  for (const d of droppedBy(ctx, finding, (h) => h.resource === group.id && h.type === 'AWS::EC2::SecurityGroup')) {
    const dir: Direction | undefined = REASON.ingress.test(d.hop.reason) ? 'ingress' : REASON.egress.test(d.hop.reason) ? 'egress' : undefined;
    const protocol = d.hop.in.protocol;
    const ports = portsOf(d.hop.in.dstPort);
    if (!dir || (protocol !== 'tcp' && protocol !== 'udp') || !ports) continue;
    const peer = peerOf(ctx.model, d, dir, group.vpc as string);
    if (!peer) continue;
    const say = SPELLING[dir];
    const rule: NewMap = {
      IpProtocol: protocol,
      FromPort: ports.from,
      ToPort: ports.to,
      ...(peer.kind === 'group' ? { [say.group]: new Intrinsic('Ref', peer.id) } : { CidrIp: peer.cidr }),
    };
    const edit = addRule(ctx, group, dir, rule, peer.kind === 'group' ? peer.id : undefined);
    if (!edit) continue;
    const other = peer.kind === 'group' ? `security group ${peer.id}` : peer.cidr;
    const title = `Allow ${protocol} ${portText(ports)} ${say.word} ${group.id} ${say.toward} ${other}`;
    if (out.some((f) => f.title === title)) continue;
    out.push({ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] });
  }
  return out;
}

/** The packet's other end (the sender for ingress, the receiver for egress), as narrowly as the template pins it. */
function peerOf(model: NetworkModel, d: Dropped, dir: Direction, vpc: string): Peer | undefined {
  const address = dir === 'ingress' ? d.hop.in.src : d.hop.in.dst;
  const named = dir === 'ingress' ? d.from : d.to;
  if (address === 'internet') return named === 'internet' ? { kind: 'cidr', cidr: '0.0.0.0/0' } : undefined;
  const at = parseCidr(address);
  if (!at.ok) return undefined;
  // Ingress: the flow's source while the packet still carries its address, else a load balancer the
  // packet went through that now stands as its source. Egress: the flow's destination.
  const before = dir === 'ingress' ? d.hops.slice(0, d.hops.indexOf(d.hop)).filter((h) => h.direction === 'forward').map((h) => h.resource).reverse() : [];
  const candidates = [named, ...before].map((id) => model.index.endpoint.get(id)).filter((e): e is Endpoint => !!e);
  const end = candidates.find((e) => e.placements.some((p) => placedWithin(model, p, at.cidr)));
  const shared = end ? sharedGroup(model, end, vpc) : undefined;
  if (shared) return { kind: 'group', id: shared };
  return { kind: 'cidr', cidr: formatCidr(at.cidr) };
}

/** The placement's address lies in the packet's block (its subnet's block, or its fixed address). */
function placedWithin(model: NetworkModel, p: Placement, block: Cidr): boolean {
  if (p.privateIp && !isUnknown(p.privateIp)) return cidrContains(block, hostCidr(p.privateIp));
  const subnet = isUnknown(p.subnet) ? undefined : model.index.subnet.get(p.subnet);
  return !!subnet && !isUnknown(subnet.cidr) && cidrContains(block, subnet.cidr);
}

/** A security group of the template that every placement of the endpoint carries, in the rule's VPC. */
function sharedGroup(model: NetworkModel, e: Endpoint, vpc: string): string | undefined {
  if (e.placements.some((p) => p.usesDefaultSecurityGroup || p.securityGroups.length === 0)) return undefined;
  const first = e.placements[0].securityGroups.filter((g): g is string => !isUnknown(g));
  return first.find((g) => {
    const sg = model.index.securityGroup.get(g);
    return !!sg && !sg.implicit && sg.vpc === vpc && e.placements.every((p) => p.securityGroups.includes(g));
  });
}

/**
 * Appended to the group's list of that direction; for a group whose rules of that direction are standalone
 * resources (and no list), one more such resource after the last, naming the group as they do; else a new
 * list. A rule naming a peer group whose definition depends on this group is a standalone resource too:
 * written inline it would make the two groups depend on each other, which CloudFormation refuses (a
 * circular dependency; the standalone rule resources exist to let groups reference each other).
 */
function addRule(ctx: FixContext, group: SecurityGroup, dir: Direction, rule: NewMap, peerGroup?: string) {
  const say = SPELLING[dir];
  const props = propertiesOf(ctx, group.id);
  if (!props) return undefined;
  const circular = peerGroup !== undefined && peerGroup !== group.id && dependsOn(ctx, peerGroup, group.id);
  const list = getEntry(props, say.list);
  if (list && !circular) return list.value.kind === 'seq' ? appendSeqItem(ctx.parse, ctx.style, list.value, rule) : undefined;
  const standalone = group.rules
    .filter((r) => r.direction === dir && r.origin.resource !== group.id)
    .map((r) => resourceEntry(ctx, r.origin.resource))
    .filter((e): e is LEntry => !!e)
    .sort((a, b) => b.value.range.end - a.value.range.end);
  if (standalone.length === 0 && !circular) return appendMapEntry(ctx.parse, ctx.style, props, say.list, [rule]);
  const last = standalone[0] ?? resourceEntry(ctx, group.id);
  if (!last) return undefined;
  const groupRef = standalone[0] ? oneLineProperty(ctx, last, 'GroupId') : undefined;
  const id = freeLogicalId(ctx.resources, `${group.id}${say.suffix}${rule.FromPort === rule.ToPort ? String(rule.FromPort) : ''}`);
  const body: NewMap = { Type: say.type, Properties: { GroupId: groupRef ? new Verbatim(groupRef) : new Intrinsic('Fn::GetAtt', group.id, 'GroupId'), ...rule } };
  return insertResourceAfter(ctx.parse, ctx.style, last, id, body, flowKeysLike(ctx, last));
}

/** The logical IDs a resource's definition names (Ref, Fn::GetAtt, DependsOn, `${X}` in Fn::Sub). */
function referencesOf(node: LNode | undefined, out: Set<string>): Set<string> {
  if (!node) return out;
  if (node.kind === 'seq') for (const item of node.items) referencesOf(item, out);
  if (node.kind === 'scalar') return out;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      const v = e.value;
      if (e.key === 'Ref' && v.kind === 'scalar') out.add(String(v.value));
      else if (e.key === 'Fn::GetAtt') {
        const first = v.kind === 'seq' ? v.items[0] : v;
        if (first?.kind === 'scalar') out.add(String(first.value).split('.')[0]);
      } else if (e.key === 'DependsOn') {
        for (const x of v.kind === 'seq' ? v.items : [v]) if (x.kind === 'scalar') out.add(String(x.value));
      } else if (e.key === 'Fn::Sub') {
        const template = v.kind === 'seq' ? v.items[0] : v;
        if (template?.kind === 'scalar') for (const m of String(template.value).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) out.add(m[1]);
      }
      referencesOf(v, out);
    }
  }
  return out;
}

/** The resource `from` depends on `on`, directly or through the resources it names. */
function dependsOn(ctx: FixContext, from: string, on: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of referencesOf(resourceEntry(ctx, id)?.value, new Set())) {
      if (next === on) return true;
      if (!seen.has(next) && resourceEntry(ctx, next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
