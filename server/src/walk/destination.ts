// The destination end of a path: what a packet meets as it enters the destination's subnet and ENI.
import type { Placement, Subnet } from '../model/types';
import { listenerCheck } from './load-balancer';
import { natRefusesInbound } from './nat-gateway';
import type { Packet } from './packet';
import { sgCheck } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/**
 * The packet arrives at the destination's subnet and ENI: its NACL inbound (when it crosses a subnet
 * boundary), its security groups, a load balancer's listeners, and a NAT gateway that takes no
 * connection. `sender` is the ENI whose private address the packet carries when security-group
 * references can match it, or null (none can).
 */
export function arriveAtDestination(w: WalkContext, sender: Placement | null, dst: PlacementSide, ds: Subnet, first: Packet, crossesBoundary: boolean): void {
  if (crossesBoundary) naclCheck(w, ds, false, first, 'forward');
  sgCheck(w, dst, 'ingress', first, sender);
  listenerCheck(w, dst, first);
  const middlebox = w.model.index.endpoint.get(dst.endpoint)?.inspection;
  if (middlebox) {
    // A firewall or Gateway Load Balancer endpoint forwards what routes send through it; nothing behind
    // its own address answers a connection made to it.
    w.rec.record({
      at: endpointAt(dst),
      direction: 'forward',
      in: first,
      decision: 'drop',
      code: 'MIDDLEBOX_NOT_A_DESTINATION',
      reason: `${middlebox.kind === 'firewall' ? `firewall ${dst.endpoint}'s endpoint` : `Gateway Load Balancer endpoint ${dst.endpoint}`} is a middlebox: it inspects traffic that routes send through it and passes it on, and runs no service that answers a connection addressed to itself`,
    });
  }
  if (dst.kindOfEndpoint === 'nat-gateway' && (first.protocol === 6 || first.protocol === 17 || first.protocol === -1)) {
    // A NAT gateway runs no service: it translates traffic routed through it, and a connection
    // addressed to its own address has nothing to answer it.
    natRefusesInbound(w, dst, first, false);
  }
}
