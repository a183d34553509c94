// The subnet boundary: a packet that enters or leaves a subnet is checked by the subnet's network ACL,
// stateless, so the reply is checked again on its way back (NACL rules themselves: nacl.ts).
import { isUnknown, type Subnet } from '../model/types';
import type { Direction, NaclSide } from '../../../shared/protocol';
import { hopAt, type Blame, type HopAt } from './hop-recorder';
import { entryText, evaluateNacl } from './nacl';
import type { Packet } from './packet';
import type { WalkContext } from './walk-context';

/**
 * The network ACL of `subnet` on the packet crossing its boundary (`egress`: leaving it). `ephemeralNote`
 * says which ports a reply goes to, so that a reply dropped on them is named for what it is.
 */
export function naclCheck(w: WalkContext, subnet: Subnet, egress: boolean, p: Packet, direction: Direction, ephemeralNote?: string): void {
  const aclId = subnet.networkAcl;
  if (isUnknown(aclId)) {
    w.rec.recordUnknown({ at: { resource: subnet.id, type: 'AWS::EC2::Subnet', range: aclId.range }, direction, packet: p, reason: `the network ACL of subnet ${subnet.id} is unknown: ${aclId.reason}` });
    return;
  }
  const acl = w.model.index.networkAcl.get(aclId);
  if (!acl) {
    w.rec.recordUnknown({ at: { resource: subnet.id, type: 'AWS::EC2::Subnet', range: subnet.origin.range }, direction, packet: p, reason: `network ACL ${aclId} of subnet ${subnet.id} is not in the model` });
    return;
  }
  if (acl.implicit) {
    // The template can add entries to the default NACL (GetAtt Vpc.DefaultNetworkAcl): then "allows all" is not the whole story.
    const added = acl.entries.filter((e) => !e.origin.element).map((e) => e.id);
    w.rec.assume(`subnet ${subnet.id} has no NACL association, so its VPC's default network ACL applies (rule 100 allows all traffic both ways${added.length ? `, after the entries the template adds to it: ${added.join(', ')}` : ''})`);
  }
  const v = evaluateNacl(acl, egress, p);
  const name = acl.implicit ? `the default network ACL of ${acl.origin.resource}` : `NACL ${acl.origin.resource}`;
  const where = `${name} (subnet ${subnet.id}) ${egress ? 'outbound' : 'inbound'}`;
  let reason: string;
  let code = '';
  if (v.decision === 'drop') {
    const returning = direction === 'return' && (p.protocol === 6 || p.protocol === 17);
    code = returning ? 'NACL_RETURN_EPHEMERAL_BLOCKED' : 'SUBNET_ACL_RESTRICTION';
    reason = returning && ephemeralNote ? `${where} drops the reply: replies go to ${ephemeralNote}, but ${v.detail}` : `${where} drops the packet: ${v.detail}`;
  } else if (v.decision === 'unknown') {
    code = 'ASSUMPTION_UNRESOLVED_VALUE';
    reason = `${where}: the outcome is unknown because ${v.detail}`;
  } else reason = `${where}: ${v.detail}`;
  const rangeOf = v.denyEntry?.origin.range ?? v.allowEntry?.origin.range ?? v.range;
  // Fields copied one by one, not spread: an object spread here was a third of this hot function's time.
  const ref = hopAt(acl.origin, 'AWS::EC2::NetworkAcl', v.decision === 'unknown' ? v.range : rangeOf);
  const at: HopAt = { resource: ref.resource, type: ref.type, element: ref.element, range: ref.range, side: (egress ? 'outbound' : 'inbound') as NaclSide, subnet: subnet.id };
  const blame: Blame = v.denyEntry
    ? { resource: v.denyEntry.origin.resource, element: v.denyEntry.origin.element, range: v.denyEntry.origin.range }
    : { resource: acl.origin.resource, element: acl.origin.element ?? acl.implicit, range: acl.origin.range };
  w.rec.record({ at, direction, in: p, decision: v.decision, rule: v.rule || (v.denyEntry ? entryText(v.denyEntry) : ''), code, reason, blame, byPorts: true });
}
