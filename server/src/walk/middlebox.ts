// A middlebox: an instance or network interface that a route names as its target (a NAT instance, a
// firewall appliance). It forwards packets not addressed to it only with its source/destination check
// off (VPC User Guide, VPC_NAT_Instance.md "Disable source/destination checks"; Reachability Analyzer
// ENI_SOURCE_DEST_CHECK_RESTRICTION), and its own security groups filter what it forwards. What its
// operating system does with the packet is not in the template: it is assumed to masquerade forwarded
// traffic to its own address (as a NAT instance does), and the trace says so.
import type { Endpoint, Placement } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { placementSide } from './endpoints';
import { hopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { RouteChoice } from './route-table';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/** The instance or ENI a route names, as a side of the walk (its primary interface), or null with the drop recorded. */
export function middleboxFor(w: WalkContext, via: RouteChoice, direction: Direction, p: Packet): PlacementSide | null {
  const id = via.id!;
  const found = findInterface(w, id);
  if (!found) {
    w.rec.record({ at: hopAt(via.rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${id}, which is not an instance or network interface of this template` });
    return null;
  }
  const side = placementSide(w.model, found.endpoint, found.placement, w.settings);
  if (side.kind !== 'placement') return null;
  if (found.endpoint.exists === 'unknown') w.rec.recordUnknown({ at: endpointAt(side), direction, packet: p, reason: `${found.endpoint.id} is created only under a Condition the template does not decide` });
  return side;
}

/** An instance's primary interface (device 0 comes first), or the endpoint that carries the named ENI. */
function findInterface(w: WalkContext, id: string): { endpoint: Endpoint; placement: Placement } | undefined {
  const ep = w.model.index.endpoint.get(id);
  if (ep && ep.placements.length > 0 && (ep.kind === 'instance' || ep.kind === 'network-interface')) return { endpoint: ep, placement: ep.placements[0] };
  for (const e of w.model.endpoints) {
    if (e.kind !== 'instance') continue;
    const pl = e.placements.find((x) => x.networkInterface === id);
    if (pl) return { endpoint: ep ?? e, placement: pl };
  }
  return undefined;
}

/**
 * The middlebox takes a packet not addressed to it: only with its source/destination check off. Then it
 * is assumed to masquerade it to its own address (the source port kept). Returns the packet as it leaves.
 */
export function forwardThrough(w: WalkContext, mb: PlacementSide, first: Packet): Packet {
  const out: Packet = { ...first, src: mb.addr };
  const undecided = mb.placement.sourceDestCheckUnknown;
  if (undecided) {
    // Whether it forwards at all is the template's open question: neither a drop nor a pass.
    w.rec.recordUnknown({
      at: endpointAt(mb),
      direction: 'forward',
      packet: first,
      range: undecided.range,
      reason: `${mb.endpoint} forwards a packet not addressed to it only with its source/destination check off, and SourceDestCheck cannot be known from the template: ${undecided.reason}`,
    });
    return out;
  }
  if (mb.placement.sourceDestCheck) {
    w.rec.record({
      at: endpointAt(mb),
      direction: 'forward',
      in: first,
      out,
      decision: 'drop',
      code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
      reason: `${mb.endpoint} has its source/destination check on (SourceDestCheck is not false), so it drops packets not addressed to it, such as this one to ${formatAddr(first.dst)}: a route target that forwards traffic needs SourceDestCheck: false`,
    });
    return out;
  }
  w.rec.assume(`${mb.endpoint} forwards the traffic routed to it and masquerades it to its own address ${formatAddr(mb.addr)}, keeping the source port (operating-system configuration the template cannot show)`);
  w.rec.record({
    at: endpointAt(mb),
    direction: 'forward',
    in: first,
    out,
    decision: 'pass',
    rule: `SNAT ${formatAddr(first.src)} → ${formatAddr(mb.addr)} (assumed)`,
    reason: `${mb.endpoint} has its source/destination check off, so it accepts the packet for ${formatAddr(first.dst)} and forwards it, with its own address ${formatAddr(mb.addr)} as the source`,
  });
  return out;
}

/** The reply reaches the middlebox, which undoes its masquerade and sends it on to the initiator. */
export function restoreThrough(w: WalkContext, mb: PlacementSide, atMb: Packet, first: Packet): Packet {
  const restored: Packet = { ...atMb, dst: first.src };
  w.rec.record({
    at: endpointAt(mb),
    direction: 'return',
    in: atMb,
    out: restored,
    decision: 'pass',
    rule: `un-SNAT ${formatAddr(mb.addr)} → ${formatAddr(first.src)} (assumed)`,
    reason: `${mb.endpoint} finds the connection it masqueraded and sends the reply on to ${formatAddr(first.src)}`,
  });
  return restored;
}
