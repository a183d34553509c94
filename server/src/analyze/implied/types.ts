// Implied flows (docs/implied-flows.md): flows a template states without declaring them. A security-group
// rule that admits another group says "these talk"; a load-balancer listener says "clients reach it"; a
// subnet's default route to a NAT or internet gateway says "these hosts go out". Each is checked like a
// declared flow expected reachable, and reported only when something other than its own rule blocks it.
import type { FlowProtocol, Origin } from '../../model/types';
import type { PortRange } from '../../net/ports';
import type { TraceResult } from '../../../../shared/protocol';

export type ImpliedKind = 'security-group-rule' | 'listener' | 'route' | 'health-check';

/** One element of the template that implies a flow (the rule, listener or route), for related info and hover. */
export interface ImpliedBy {
  kind: ImpliedKind;
  /** The model id of the rule, listener, route or target group ("DbSg#ingress:0", "AppListener", "PrivateDefaultRoute", "WebTargets"). */
  id: string;
  origin: Origin;
  /** One line for the reader: "security group DbSg admits AppSg on tcp 5432". */
  text: string;
}

/** One pair of endpoints the flow is walked between (all-or-nothing over the pairs, like placements). */
export interface ImpliedPair {
  from: string;
  to: string;
}

export interface ImpliedFlow {
  /** `<source> -> <destination> <protocol>/<ports>`, unique within a template. */
  name: string;
  /** The source and destination as named in the name (an endpoint, a security group standing for its members, a CIDR, `internet`). */
  fromLabel: string;
  toLabel: string;
  pairs: ImpliedPair[];
  protocol: FlowProtocol;
  /** tcp/udp ports; icmp type; undefined for all protocols (or any ICMP type). */
  port?: PortRange;
  impliedBy: ImpliedBy[];
}

export interface PairVerdict extends ImpliedPair {
  verdict: TraceResult['verdict'];
}

export interface ImpliedFlowResult {
  flow: ImpliedFlow;
  /** The pairs' traces combined: blocked when any pair is, the hops of the first failing pair. */
  trace: TraceResult;
  pairs: PairVerdict[];
}
