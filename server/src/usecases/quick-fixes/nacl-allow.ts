// Quick fix: a network ACL drops a flow because no entry allows all of it (its implicit `*` deny, or an
// explicit deny numbered first with no allow behind it; an allow for some of the ports does not matter:
// the new entry comes after it). A new allow entry on that side, for exactly the ports
// and the peer CIDR of the dropped packet (for NACL_RETURN_EPHEMERAL_BLOCKED: the reply to the initiator's
// ephemeral ports), numbered below the first deny that would shadow it. A peer the template does not pin
// to a CIDR gets no fix (it would have to open more than the flow needs).
import type { Finding } from '../../analyze/types';
import { getEntry, type LEntry } from '../../template/located';
import { formatCidr } from '../../net/ip';
import type { NetworkAcl } from '../../model/types';
import { flowKeysLike, oneLineProperty, portText, type FixContext, type QuickFix } from './context';
import { aclDrops, freeRuleNumber } from './nacl-rules';
import { freeLogicalId, insertResourceAfter, Intrinsic, Verbatim, type NewMap } from './template-text';
import { shadowedAllow } from './nacl-order';

export const NACL_ALLOW_CODES = ['NACL_RETURN_EPHEMERAL_BLOCKED', 'SUBNET_ACL_RESTRICTION'];

export function naclAllowFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const found = aclDrops(ctx, finding);
  if (!found) return [];
  const { acl } = found;
  const out: QuickFix[] = [];
  for (const { hop, egress, protocol, ports, peer } of found.drops) {
    // An allow that is only shadowed by a deny numbered before it is moved instead (nacl-order.ts).
    if (shadowedAllow(acl, egress, protocol, peer, ports)) continue;
    const ruleNumber = freeRuleNumber(acl, egress, protocol, peer, ports);
    if (ruleNumber === undefined) continue;
    const cidr = formatCidr(peer);
    const edit = insertEntry(ctx, acl, { egress, ruleNumber, protocol, cidr, ports });
    if (!edit) continue;
    const title = `Add ${egress ? 'outbound' : 'inbound'} rule ${ruleNumber} to ${acl.id}: allow ${hop.in.protocol} ${portText(ports)} ${egress ? 'to' : 'from'} ${cidr}`;
    if (out.some((f) => f.title === title)) continue;
    out.push({ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] });
  }
  return out;
}

interface NewEntry {
  egress: boolean;
  ruleNumber: number;
  protocol: number;
  cidr: string;
  ports: { from: number; to: number };
}

/** The new AWS::EC2::NetworkAclEntry resource, after the NACL's last entry (or the NACL), styled like its entries. */
function insertEntry(ctx: FixContext, acl: NetworkAcl, entry: NewEntry) {
  const siblings = acl.entries
    .filter((e) => !e.origin.element)
    .map((e) => getEntry(ctx.resources, e.id))
    .filter((e): e is LEntry => !!e);
  const anchor = [...siblings].sort((a, b) => b.value.range.end - a.value.range.end)[0] ?? getEntry(ctx.resources, acl.id);
  if (!anchor) return undefined;
  const id = freeLogicalId(ctx.resources, `${acl.id}${entry.egress ? 'Outbound' : 'Inbound'}${entry.ports.from === entry.ports.to ? entry.ports.from : 'Ephemeral'}`);
  const model = siblings[0];
  const ref = model ? oneLineProperty(ctx, model, 'NetworkAclId') : undefined;
  const props: NewMap = {
    NetworkAclId: ref ? new Verbatim(ref) : new Intrinsic('Ref', acl.id),
    RuleNumber: entry.ruleNumber,
    Protocol: entry.protocol,
    ...(entry.egress ? { Egress: true } : {}),
    RuleAction: 'allow',
    CidrBlock: entry.cidr,
    PortRange: { From: entry.ports.from, To: entry.ports.to },
  };
  return insertResourceAfter(ctx.parse, ctx.style, anchor, id, { Type: 'AWS::EC2::NetworkAclEntry', Properties: props }, flowKeysLike(ctx, model));
}
