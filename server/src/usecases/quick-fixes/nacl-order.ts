// Quick fix: a network ACL deny numbered before an allow that would admit the flow (entries are evaluated
// lowest number first, the first match decides). The allow gets a free number below the first deny that
// matches the packets. Moving the allow rather than the deny changes only packets that allow admits,
// which its author already meant to admit; the deny keeps refusing everything else it refused.
import type { Finding } from '../../analyze/types';
import { get, getEntry } from '../../template/located';
import { isUnknown, type NaclEntry, type NetworkAcl } from '../../model/types';
import { cidrContains, type Cidr } from '../../net/ip';
import type { PortRange } from '../../net/ports';
import { portText, type FixContext, type QuickFix } from './context';
import { aclDrops, freeRuleNumber } from './nacl-rules';
import { replaceScalar } from './template-text';

export const NACL_ORDER_CODES = ['NACL_RETURN_EPHEMERAL_BLOCKED', 'SUBNET_ACL_RESTRICTION'];

/** An allow entry of that side, declared in the template, that covers every packet, numbered after a deny that matches them. */
export function shadowedAllow(acl: NetworkAcl, egress: boolean, protocol: number, peer: Cidr, ports: PortRange): NaclEntry | undefined {
  const side = acl.entries.filter((e) => e.egress === egress && !e.origin.element && e.exists === 'yes');
  return side.find(
    (e) =>
      e.action === 'allow' &&
      !isUnknown(e.ruleNumber) &&
      !isUnknown(e.protocol) &&
      (e.protocol === -1 || e.protocol === protocol) &&
      !isUnknown(e.cidr) &&
      cidrContains(e.cidr, peer) &&
      (e.ports === undefined || e.protocol === -1 || (!isUnknown(e.ports) && e.ports.from <= ports.from && ports.to <= e.ports.to)),
  );
}

export function naclOrderFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const found = aclDrops(ctx, finding);
  if (!found) return [];
  const { acl } = found;
  const out: QuickFix[] = [];
  for (const { hop, egress, protocol, ports, peer } of found.drops) {
    const allow = shadowedAllow(acl, egress, protocol, peer, ports);
    if (!allow) continue;
    const n = freeRuleNumber(acl, egress, protocol, peer, ports, allow);
    if (n === undefined || n >= (allow.ruleNumber as number)) continue;
    const node = get(get(getEntry(ctx.resources, allow.id)?.value, 'Properties'), 'RuleNumber');
    if (!node || node.kind !== 'scalar') continue;
    const edit = replaceScalar(ctx.parse, ctx.style, node, typeof node.value === 'string' ? String(n) : n);
    if (!edit) continue;
    const title = `Renumber ${allow.id} from ${allow.ruleNumber} to ${n}, before the deny that shadows it (${hop.in.protocol} ${portText(ports)} ${egress ? 'to' : 'from'} ${egress ? hop.in.dst : hop.in.src})`;
    if (out.some((f) => f.title === title)) continue;
    out.push({ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] });
  }
  return out;
}
