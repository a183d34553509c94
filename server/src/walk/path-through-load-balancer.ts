// The second leg of a flow to a load balancer: from the load balancer node that accepted the connection
// to one registered target, on the target port, and the target's reply back to that node. The leg's
// source is the node's own address with a new source port in 1024-65535 when the load balancer proxies
// (an application or classic load balancer always, ALB guide "X-Forwarded headers"; a network load
// balancer without client IP preservation), or the client's address and port when a network load
// balancer preserves it (NLB guide, target group attributes): then the target's security groups and
// network ACLs must admit the client, and the load balancer carries the reply back whatever the
// target's routes say.
import { formatAddr } from './addresses';
import type { Placement } from '../model/types';
import { reply, type Packet } from './packet';
import { noteExistence, subnetOf } from './placement';
import { localToOtherVpc, route, targetInWords, unsupportedTarget, wrongRoute } from './route-table';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { PlacementSide, WalkContext } from './walk-context';

export interface LegOptions {
  /** The placement whose security-group membership the target's rules see (the node, or the preserved client). */
  peer: Placement | null;
  /** The network load balancer keeps the client's address: the reply is not routed by the target's tables. */
  preserved: boolean;
  /** A classic load balancer applies its subnet's network ACL even to targets in its own subnet. */
  classic: boolean;
  /** What the leg's source ports are, for the return NACL message. */
  sourcePorts: string;
}

/** Load balancer node → target, forward then return. */
export function walkLoadBalancerToTarget(w: WalkContext, lb: PlacementSide, target: PlacementSide, p: Packet, o: LegOptions): void {
  noteExistence(w, target);
  const ls = subnetOf(w, lb, 'forward', p);
  const ts = subnetOf(w, target, 'forward', p);
  sgCheck(w, lb, 'egress', p, target.placement);
  if (!ls || !ts) return;
  const same = ls.id === ts.id;
  // Reachability Analyzer ELB_ACL_RESTRICTION: a classic load balancer's outbound traffic meets its
  // subnet's network ACL even towards a target in the same subnet.
  if (!same || o.classic) naclCheck(w, ls, true, p, 'forward');
  const t = route(w, ls, p, 'forward');
  if (t && t.kind !== 'local') {
    if (t.kind === 'internet-gateway') wrongRoute(w, t.rt, 'forward', p, 'NO_ROUTE_TO_DESTINATION', `the route to target ${target.endpoint} (${formatAddr(p.dst)}) leads to internet gateway ${t.id}, which does not forward packets to private addresses`);
    else unsupportedTarget(w, t, t.rt, 'forward', p);
    return;
  }
  if (t) localToOtherVpc(w, ls, ts, t.rt, 'forward', p, target.endpoint);
  if (!same) naclCheck(w, ts, false, p, 'forward');
  sgCheck(w, target, 'ingress', p, o.peer);

  const back = reply(p);
  sgStateful(w, target, 'egress', back);
  if (!same || o.classic) naclCheck(w, ts, true, back, 'return', o.sourcePorts);
  if (o.preserved) {
    w.rec.assume(`with client IP preservation, load balancer ${lb.endpoint} carries ${target.endpoint}'s reply back to the client whatever ${target.endpoint}'s routes say (NLB guide, client IP preservation)`);
  } else {
    const rt = route(w, ts, back, 'return');
    if (rt && rt.kind !== 'local') {
      if (rt.kind === 'internet-gateway' || rt.kind === 'nat-gateway') {
        wrongRoute(w, rt.rt, 'return', back, rt.kind === 'nat-gateway' ? 'ASYMMETRIC_RETURN_ROUTE' : 'NO_ROUTE_TO_DESTINATION', `subnet ${ts.id} routes the reply to ${formatAddr(back.dst)} to ${targetInWords(rt)} instead of locally, so load balancer ${lb.endpoint} never gets it`);
      } else unsupportedTarget(w, rt, rt.rt, 'return', back);
    } else if (rt) localToOtherVpc(w, ts, ls, rt.rt, 'return', back, lb.endpoint);
  }
  if (!same) naclCheck(w, ls, false, back, 'return', o.sourcePorts);
  sgStateful(w, lb, 'ingress', back);
}
