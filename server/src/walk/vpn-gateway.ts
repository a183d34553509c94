// The virtual private gateway: where a route sends packets for an on-premises network (a Site-to-Site VPN
// or Direct Connect behind it). The walk checks what the template decides, that the gateway exists, is
// attached to the packet's VPC and has a VPN connection in the template, and records the hop; what lies
// beyond the connection (the tunnels' state, the customer gateway and the on-premises network routing the
// packet and its reply) is not in any template, so it is stated as an assumption of the trace. A gateway
// without a connection in the template is `unknown`: a connection made elsewhere, or Direct Connect, or
// nothing, carries the packet on.
import { isUnknown, type OtherGateway } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { RouteChoice } from './route-table';
import type { WalkContext } from './walk-context';

export function vgwAt(g: OtherGateway): HopAt {
  return hopAt(g.origin, 'AWS::EC2::VPNGateway');
}

/**
 * The packet leaves `fromVpc` through the virtual private gateway the route names (forward: towards the
 * on-premises destination; return: the reply to an on-premises client). Returns false when it goes no
 * further (a drop or an unknown is recorded).
 */
export function throughVpnGateway(w: WalkContext, via: RouteChoice, fromVpc: string | null, direction: Direction, p: Packet): boolean {
  const towards = direction === 'forward' ? `on-premises destination ${formatAddr(p.dst)}` : `on-premises client ${formatAddr(p.dst)}`;
  const beyond = `beyond the virtual private gateway, the VPN tunnels (or Direct Connect) are up and the on-premises network routes ${formatAddr(p.dst)} and admits the packet; none of that is in the template`;
  const g = via.id === undefined ? undefined : w.model.index.otherGateway?.get(via.id);
  if (!g || g.kind !== 'vpn-gateway') {
    // A gateway created elsewhere (a `vgw-` id or a parameter): its attachment is the route's own proof.
    w.rec.record({ at: hopAt(via.rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'pass', rule: `route to virtual private gateway ${via.id ?? '(unknown id)'}`, reason: `the route sends the packet for the ${towards} to virtual private gateway ${via.id ?? '(unknown id)'}, defined outside the template` });
    w.rec.assume(`virtual private gateway ${via.id ?? '(unknown id)'}, defined outside the template, is attached to ${fromVpc ?? 'the VPC'}; ${beyond}`);
    return true;
  }
  const at = vgwAt(g);
  if (g.exists === 'unknown') w.rec.recordUnknown({ at, direction, packet: p, reason: `virtual private gateway ${g.id} is created only under a Condition the template does not decide` });
  const attached = fromVpc !== null && g.vpcs.some((v) => !isUnknown(v) && v === fromVpc);
  if (!attached) {
    const open = g.vpcs.find((v) => isUnknown(v));
    if (open && isUnknown(open)) {
      w.rec.recordUnknown({ at, direction, packet: p, reason: `whether virtual private gateway ${g.id} is attached to ${fromVpc ?? 'the VPC'} is unknown: ${open.reason}`, range: open.range });
      return false;
    }
    const elsewhere = g.vpcs.filter((v): v is string => !isUnknown(v));
    const why = elsewhere.length > 0 ? `it is attached to ${elsewhere.join(', ')}` : 'no AWS::EC2::VPCGatewayAttachment attaches it';
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'VGW_NOT_ATTACHED', reason: `virtual private gateway ${g.id} is not attached to VPC ${fromVpc ?? '?'} (${why}), so it carries nothing from it` });
    return false;
  }
  const connections = g.vpnConnections ?? [];
  if (connections.length === 0) {
    // A gateway with no connection in the template: one made elsewhere, or Direct Connect, may carry the
    // packet on, or nothing does. The template cannot say which.
    w.rec.recordUnknown({ at, direction, packet: p, reason: `no AWS::EC2::VPNConnection of the template uses virtual private gateway ${g.id}: whether a connection made elsewhere (or Direct Connect) carries the packet to the ${towards} is unknown` });
    return false;
  }
  w.rec.record({ at, direction, in: p, decision: 'pass', rule: `attached to ${fromVpc}`, reason: `virtual private gateway ${g.id} takes the packet for the ${towards} out of ${fromVpc}, to VPN connection ${connections.join(' or ')}` });
  w.rec.assume(beyond.replace('the VPN tunnels (or Direct Connect) are up', `the tunnels of VPN connection ${connections.join(' or ')} are up`));
  return true;
}

/** The reply of an on-premises destination comes back in through the gateway the request left by. */
export function intoVpcFromVpnGateway(w: WalkContext, via: RouteChoice, vpc: string | null, back: Packet): void {
  const g = via.id === undefined ? undefined : w.model.index.otherGateway?.get(via.id);
  const at = g && g.kind === 'vpn-gateway' ? vgwAt(g) : hopAt(via.rt.origin, 'AWS::EC2::RouteTable');
  w.rec.record({ at, direction: 'return', in: back, decision: 'pass', rule: `attached to ${vpc ?? 'the VPC'}`, reason: `virtual private gateway ${via.id ?? '(unknown id)'} brings the reply from ${formatAddr(back.src)} into ${vpc ?? 'the VPC'}` });
}
