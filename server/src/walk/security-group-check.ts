// Security groups at an end of the flow: the rules decide a new connection on the forward path
// (rules themselves: security-groups.ts); on the return path they are stateful and pass the reply.
import { isUnknown, type Placement } from '../model/types';
import { formatAddr } from './addresses';
import { hopAt } from './hop-recorder';
import type { Packet } from './packet';
import { evaluateSecurityGroups } from './security-groups';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/** Security groups of a placement for a new connection (forward path). */
export function sgCheck(w: WalkContext, side: PlacementSide, dir: 'egress' | 'ingress', p: Packet, peer: Placement | null): void {
  if (side.probe) {
    w.rec.assume(`${formatAddr(side.addr)} in subnet ${side.endpoint} is a probe host: an address there with no security group`);
    return;
  }
  const pl = side.placement;
  if (pl.securityGroups.length === 0) {
    // No group at all (not even the VPC default): a NAT gateway cannot have one, an NLB may have none
    // (NAT gateway and NLB guides). Nothing filters the packet here; saying "no rule admits it" was wrong.
    w.rec.assume(`${side.endpoint} has no security group (${side.kindOfEndpoint === 'nat-gateway' ? 'a NAT gateway cannot have one' : 'none is given, and this kind of endpoint then has none'}), so no security group filters its traffic`);
    return;
  }
  if (pl.usesDefaultSecurityGroup) w.rec.assume(`${side.endpoint} names no security group, so it gets its VPC's default security group`);
  const v = evaluateSecurityGroups(w.model, pl.securityGroups, dir, p, peer, pl.origin.range);
  for (const a of v.assumptions) w.rec.assume(a);
  const g = v.group;
  const at = g ? hopAt(g.origin, 'AWS::EC2::SecurityGroup', v.range) : endpointAt(side);
  const plural = pl.securityGroups.length > 1;
  const label = `The security group${plural ? 's' : ''} of ${side.endpoint} (${pl.securityGroups.map((x) => (isUnknown(x) ? '?' : x)).join(', ')})`;
  const verb = v.decision === 'pass' ? (plural ? 'admit' : 'admits') : v.decision === 'drop' ? (plural ? 'drop' : 'drops') : 'may or may not admit';
  const reason = `${label} ${verb} the packet ${dir === 'egress' ? 'leaving' : 'entering'} it: ${v.detail}`;
  const blame = g ? { resource: g.origin.resource, element: g.origin.element, range: g.origin.range } : undefined;
  const code = v.decision === 'drop' ? v.code : v.decision === 'unknown' ? 'ASSUMPTION_UNRESOLVED_VALUE' : '';
  w.rec.record({ at, direction: 'forward', in: p, decision: v.decision, rule: v.rule, code, reason, blame, byPorts: true });
}

/** Security groups on the return path: stateful, the reply of an admitted connection passes. */
export function sgStateful(w: WalkContext, side: PlacementSide, dir: 'egress' | 'ingress', p: Packet): void {
  if (side.probe || side.placement.securityGroups.length === 0) return;
  const first = side.placement.securityGroups.find((g) => !isUnknown(g));
  const g = first && !isUnknown(first) ? w.model.index.securityGroup.get(first) : undefined;
  const at = g ? hopAt(g.origin, 'AWS::EC2::SecurityGroup') : endpointAt(side);
  w.rec.record({ at, direction: 'return', in: p, decision: 'pass', rule: 'stateful', reason: `Security groups are stateful: the reply ${dir === 'egress' ? 'leaves' : 'reaches'} ${side.endpoint} because the connection was admitted, whatever the ${dir} rules say` });
}
