// Quick fix: a security group admits nothing that matches the packet entering it (ENI_SG_RULES_MISMATCH,
// SG_HAS_NO_RULES). A new ingress rule for exactly the flow's protocol and ports, from the narrowest
// source that covers the packet's sender: a security group every placement of the sender carries, when
// the sender has groups in the same VPC (a rule naming a group matches only the private addresses of
// the interfaces that carry it); else the CIDR the packet comes from (the sender's subnet, or its fixed
// address); `0.0.0.0/0` only for a flow from `internet`. A sender whose address the template does not
// pin gets no fix. The rule goes where the group's rules are written: its SecurityGroupIngress list, or
// one more AWS::EC2::SecurityGroupIngress resource when its rules are such resources.
import type { Finding } from '../../analyze/types';
import { getEntry, type LEntry } from '../../template/located';
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type SecurityGroup } from '../../model/types';
import { cidrContains, formatCidr, hostCidr, parseCidr, type Cidr } from '../../net/ip';
import { droppedBy, flowKeysLike, oneLineProperty, portsOf, portText, propertiesOf, resourceEntry, type Dropped, type FixContext, type QuickFix } from './context';
import { appendMapEntry, appendSeqItem, freeLogicalId, insertResourceAfter, Intrinsic, Verbatim, type NewMap } from './template-text';

export const SG_INGRESS_CODES = ['ENI_SG_RULES_MISMATCH', 'SG_HAS_NO_RULES'];

/** The walk says which side of a group dropped the packet in the hop's reason (walk/security-group-check.ts). */
const INGRESS_REASON = / the packet entering it: /;

type Source = { kind: 'group'; id: string } | { kind: 'cidr'; cidr: string };

export function sgIngressFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const group = ctx.model.index.securityGroup.get(finding.resource ?? '');
  if (!group || group.implicit || isUnknown(group.vpc)) return [];
  const out: QuickFix[] = [];
  for (const d of droppedBy(ctx, finding, (h) => h.resource === group.id && h.type === 'AWS::EC2::SecurityGroup' && INGRESS_REASON.test(h.reason))) {
    const protocol = d.hop.in.protocol;
    const ports = portsOf(d.hop.in.dstPort);
    if ((protocol !== 'tcp' && protocol !== 'udp') || !ports) continue;
    const source = sourceOf(ctx.model, d, group.vpc as string);
    if (!source) continue;
    const rule: NewMap = {
      IpProtocol: protocol,
      FromPort: ports.from,
      ToPort: ports.to,
      ...(source.kind === 'group' ? { SourceSecurityGroupId: new Intrinsic('Ref', source.id) } : { CidrIp: source.cidr }),
    };
    const edit = addIngress(ctx, group, rule);
    if (!edit) continue;
    const from = source.kind === 'group' ? `security group ${source.id}` : source.cidr;
    const title = `Allow ${protocol} ${portText(ports)} into ${group.id} from ${from}`;
    if (out.some((f) => f.title === title)) continue;
    out.push({ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] });
  }
  return out;
}

/** Who sent the packet, as narrowly as the template pins it. */
function sourceOf(model: NetworkModel, d: Dropped, vpc: string): Source | undefined {
  const src = d.hop.in.src;
  if (src === 'internet') return d.from === 'internet' ? { kind: 'cidr', cidr: '0.0.0.0/0' } : undefined;
  const at = parseCidr(src);
  if (!at.ok) return undefined;
  // The sender: the flow's source endpoint when the packet still carries its address, else a load
  // balancer the packet went through that now stands as its source.
  const before = d.hops.slice(0, d.hops.indexOf(d.hop)).filter((h) => h.direction === 'forward').map((h) => h.resource);
  const candidates = [d.from, ...before.reverse()].map((id) => model.index.endpoint.get(id)).filter((e): e is Endpoint => !!e);
  const sender = candidates.find((e) => e.placements.some((p) => placedWithin(model, p, at.cidr)));
  const shared = sender ? sharedGroup(model, sender, vpc) : undefined;
  if (shared) return { kind: 'group', id: shared };
  return { kind: 'cidr', cidr: formatCidr(at.cidr) };
}

/** The placement's address lies in the packet's source block (its subnet's block, or its fixed address). */
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
 * Appended to the group's SecurityGroupIngress list; for a group whose ingress rules are AWS::EC2::SecurityGroupIngress
 * resources (and no list), one more such resource after the last, naming the group as they do; else a new list.
 */
function addIngress(ctx: FixContext, group: SecurityGroup, rule: NewMap) {
  const props = propertiesOf(ctx, group.id);
  if (!props) return undefined;
  const list = getEntry(props, 'SecurityGroupIngress');
  if (list) return list.value.kind === 'seq' ? appendSeqItem(ctx.parse, ctx.style, list.value, rule) : undefined;
  const standalone = group.rules
    .filter((r) => r.direction === 'ingress' && r.origin.resource !== group.id)
    .map((r) => resourceEntry(ctx, r.origin.resource))
    .filter((e): e is LEntry => !!e)
    .sort((a, b) => b.value.range.end - a.value.range.end);
  if (standalone.length === 0) return appendMapEntry(ctx.parse, ctx.style, props, 'SecurityGroupIngress', [rule]);
  const last = standalone[0];
  const groupRef = oneLineProperty(ctx, last, 'GroupId');
  const id = freeLogicalId(ctx.resources, `${group.id}Ingress${rule.FromPort === rule.ToPort ? String(rule.FromPort) : ''}`);
  const body: NewMap = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: groupRef ? new Verbatim(groupRef) : new Intrinsic('Fn::GetAtt', group.id, 'GroupId'), ...rule } };
  return insertResourceAfter(ctx.parse, ctx.style, last, id, body, flowKeysLike(ctx, last));
}
