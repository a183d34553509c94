// What every element of a pair walk works with: the model, the user's walk settings and the hop
// recorder. Element files take this context so that each keeps to its own behaviour.
import { isUnknown, type NetworkModel, type Subnet } from '../model/types';
import type { Range } from '../template/located';
import type { HopRecorder } from './hop-recorder';
import type { Side, WalkSettings } from './types';

export interface WalkContext {
  readonly model: NetworkModel;
  readonly settings: WalkSettings;
  readonly rec: HopRecorder;
}

/** One end of a pair that sits in a subnet (an endpoint's placement or a probe host). */
export type PlacementSide = Extract<Side, { kind: 'placement' }>;

export function vpcOfSubnet(s: Subnet): string | null {
  return isUnknown(s.vpc) ? null : s.vpc;
}

/** An unknown value the model recorded as an IPv6 property (AmazonProvidedIpv6CidrBlock, Ipv6CidrBlock…). */
export function isIpv6Unknown(w: WalkContext, u: { range: Range }): boolean {
  return w.model.unknowns.some((m) => m.range.start === u.range.start && m.range.end === u.range.end && /ipv6/i.test(m.property));
}

/** The endpoint's own element, where hops about the endpoint itself are recorded. */
export function endpointAt(side: PlacementSide): { resource: string; type: string; range: Range } {
  return { resource: side.endpoint, type: side.endpointType, range: side.placement.origin.range };
}
