// The VPC endpoint (interface or Gateway Load Balancer endpoint) as an end of a flow.
import type { Packet } from './packet';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/**
 * An interface or Gateway Load Balancer endpoint only answers connections made to it; it never starts
 * one into its VPC (Reachability Analyzer VPCE_INTRA_VPC_TRAFFIC). Returns false when the walk must stop.
 */
export function endpointMayInitiate(w: WalkContext, src: PlacementSide, p: Packet): boolean {
  if (src.kindOfEndpoint !== 'vpc-endpoint') return true;
  const middlebox = w.model.index.endpoint.get(src.endpoint)?.inspection;
  if (middlebox) {
    const what = middlebox.kind === 'firewall' ? `The endpoints of firewall ${src.endpoint} start` : `Gateway Load Balancer endpoint ${src.endpoint} starts`;
    w.rec.record({ at: endpointAt(src), direction: 'forward', in: p, decision: 'drop', code: 'VPCE_INTRA_VPC_TRAFFIC', reason: `${what} no connection: a middlebox only passes on traffic that routes send through it, so it cannot be the source of a flow` });
    return false;
  }
  w.rec.record({ at: endpointAt(src), direction: 'forward', in: p, decision: 'drop', code: 'VPCE_INTRA_VPC_TRAFFIC', reason: `VPC endpoint ${src.endpoint} does not start connections: it only answers those made to it, so it cannot be the source of a flow` });
  return false;
}
