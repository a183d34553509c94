// The path from the internet to a placement: in through the internet gateway of its VPC (1:1 NAT from
// the public address the client calls), the subnet boundary, security groups and listeners; the reply
// must leave through the same internet gateway to carry that public address back.
import { formatAddr } from './addresses';
import { attachedInternetGateway, igwAt, igwFor, igwIngress, igwReplyToInternet, publicAddrOf } from './internet-gateway';
import { listenerCheck } from './load-balancer';
import { natRefusesInbound } from './nat-gateway';
import type { Packet } from './packet';
import { hasAddressOfFamily, noteExistence, subnetOf } from './placement';
import { unsupportedTarget, wrongRoute } from './route-table';
import { sgCheck } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { Addr } from './types';
import { crossPeering } from './vpc-peering';
import type { InspectionHop } from './inspection-endpoint';
import { ingressRouting } from './inspection-chain';
import { noInternetGateway, replyLeavesDestination } from './from-internet-leg';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** The internet → a placement, through the internet gateway of its VPC. */
export function walkFromInternet(w: WalkContext, dst: PlacementSide, first: Packet, clientPorts: string): void {
  noteExistence(w, dst);
  const ds = subnetOf(w, dst, 'forward', first);
  if (!ds) return;
  if (!hasAddressOfFamily(w, dst, ds, first.src, first, false)) return;
  const vpc = vpcOfSubnet(ds);
  const igw = vpc === null ? undefined : attachedInternetGateway(w.model, vpc);
  let pub: Addr | null = null;
  let ingress: InspectionHop[] = [];
  if (!igw) noInternetGateway(w, dst, ds, vpc, first, 4);
  else {
    pub = publicAddrOf(w, dst, igwAt(igw), 'forward', first, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    if (pub) {
      const inside = igwIngress(w, igw, 'forward', { ...first, dst: pub }, first.dst, { kind: 'endpoint', id: dst.endpoint }, true);
      // Ingress routing: the gateway's edge-associated route table may send the packet to a middlebox first.
      ingress = ingressRouting(w, igw, inside, 'forward', ds).via;
    }
  }
  if (dst.kindOfEndpoint === 'nat-gateway') {
    natRefusesInbound(w, dst, first, true);
    return;
  }
  naclCheck(w, ds, false, first, 'forward');
  sgCheck(w, dst, 'ingress', first, null);
  listenerCheck(w, dst, first);

  const out = replyLeavesDestination(w, dst, ds, first, ingress, clientPorts);
  if (!out) return;
  const { back, t } = out;
  if (t.kind === 'internet-gateway') {
    const g = igwFor(w, t.id!, vpc, t.rt, 'return', back);
    if (g && pub) igwReplyToInternet(w, g, back, pub);
  } else if (t.kind === 'nat-gateway') {
    wrongRoute(w, t.rt, 'return', back, 'ASYMMETRIC_RETURN_ROUTE', `subnet ${ds.id} routes the reply to ${formatAddr(back.dst)} through NAT gateway ${t.id}, which would rewrite its source: the client expects the reply from ${pub ? formatAddr(pub) : 'the public address'} and discards it. The subnet needs a route to the internet gateway`);
  } else if (t.kind === 'local') {
    wrongRoute(w, t.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} has no route out of the VPC`);
  } else if (t.kind === 'vpc-peering') crossPeering(w, t, vpc, back, 'return');
  else unsupportedTarget(w, t, t.rt, 'return', back);
}
