// VPC peering connections (AWS::EC2::VPCPeeringConnection): the two VPCs they join. A peer VPC outside
// the template (another account or Region, a literal vpc- id, a parameter) is Unknown with the reason:
// nothing behind it can be walked. EC2 refuses to peer VPCs whose CIDR blocks overlap (VPC Peering
// guide, vpc-peering-basics.md "VPC peering limitations"): a template problem.
import { cidrOverlaps, formatCidr } from '../net/ip';
import { isUnknown, type Maybe, type Origin, type Existence, type Vpc } from './types';
import { at, existsOf, originOf, problem, prop, propRange, readLink, readString, resourcesOfType, unknown, type Ctx } from './read';

export interface VpcPeering {
  id: string;
  /** VpcId: the requester VPC. */
  requester: Maybe<string>;
  /** PeerVpcId: the accepter VPC, Unknown when it lies outside the template. */
  accepter: Maybe<string>;
  /** PeerRegion / PeerOwnerId as written, when given: they say the accepter may be in another Region or account. */
  peerRegion?: Maybe<string>;
  peerOwner?: Maybe<string>;
  /** Set when EC2 would refuse the connection (overlapping CIDRs): why. */
  refused?: string;
  origin: Origin;
  exists: Existence;
}

export function buildPeerings(ctx: Ctx, vpcs: Vpc[]): VpcPeering[] {
  const byId = new Map(vpcs.map((v) => [v.id, v]));
  const out: VpcPeering[] = [];
  for (const r of resourcesOfType(ctx, 'AWS::EC2::VPCPeeringConnection')) {
    const requester = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId')) ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range);
    const accepter = readLink(at(ctx, r.id, 'PeerVpcId'), prop(r, 'PeerVpcId')) ?? unknown(ctx, r.id, 'PeerVpcId', 'PeerVpcId is missing', r.range);
    const p: VpcPeering = { id: r.id, requester, accepter, origin: originOf(r), exists: existsOf(r) };
    const region = prop(r, 'PeerRegion');
    if (region !== undefined) p.peerRegion = readString(at(ctx, r.id, 'PeerRegion'), region);
    const owner = prop(r, 'PeerOwnerId');
    if (owner !== undefined) p.peerOwner = readString(at(ctx, r.id, 'PeerOwnerId'), owner);
    const a = typeof requester === 'string' ? byId.get(requester) : undefined;
    const b = typeof accepter === 'string' ? byId.get(accepter) : undefined;
    if (a && b) {
      const overlap = overlapOf(a, b);
      if (overlap) {
        p.refused = `the CIDR blocks of ${a.id} (${overlap[0]}) and ${b.id} (${overlap[1]}) overlap, and EC2 does not peer VPCs with overlapping CIDR blocks`;
        problem(ctx, 'PCX_OVERLAPPING_CIDRS', `VPC peering ${r.id}: ${p.refused}; the connection fails at deploy`, propRange(r, 'PeerVpcId'));
      }
    }
    out.push(p);
  }
  return out;
}

function overlapOf(a: Vpc, b: Vpc): [string, string] | undefined {
  for (const x of a.cidrs) {
    if (isUnknown(x.cidr)) continue;
    for (const y of b.cidrs) {
      if (isUnknown(y.cidr) || x.cidr.family !== y.cidr.family) continue;
      if (cidrOverlaps(x.cidr, y.cidr)) return [formatCidr(x.cidr), formatCidr(y.cidr)];
    }
  }
  return undefined;
}
