// traceFlow: one flow through the model, forward and return, for every placement pair of its two
// endpoints (all-or-nothing). The result is the `trace --format json` object. Never throws.
import type { PortRange } from '../net/ports';
import type { NetworkModel } from '../model/types';
import type { BlockingPoint, TraceResult } from '../../../shared/protocol';
import { isAddressText, pinSourceIp, placementSide, resolveEndpoint } from './endpoints';
import { wayToService } from './path-to-aws-service';
import { throughLoadBalancer } from './through-load-balancer';
import { walkPair, type PairResult } from './pair-walk';
import type { FlowSpec, WalkSettings } from './types';

/** What a client on the internet may pick as its source port. */
const INTERNET_CLIENT_PORTS: PortRange = { from: 1024, to: 65535 };

const PROTOCOLS: Record<FlowSpec['protocol'], number> = { tcp: 6, udp: 17, icmp: 1, all: -1 };

export function traceFlow(model: NetworkModel, spec: FlowSpec, settings: WalkSettings = {}): TraceResult {
  try {
    return traceUnsafe(model, spec, settings);
  } catch (e) {
    return unknownResult(`the walk failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function unknownResult(message: string): TraceResult {
  return { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: [message], hops: [] };
}

/** The address family a flow is walked in: IpVersion, else 6 when an end is written as an IPv6 address. */
export function flowFamily(spec: Pick<FlowSpec, 'from' | 'to' | 'ipVersion' | 'sourceIp'>): { family: 4 | 6 } | { error: string } {
  const v6 = [spec.from, spec.to, spec.sourceIp ?? ''].filter((n) => isAddressText(n) && n.includes(':'));
  const v4 = [spec.from, spec.to, spec.sourceIp ?? ''].filter((n) => isAddressText(n) && !n.includes(':'));
  if (v6.length > 0 && v4.length > 0) return { error: `${v4[0]} is an IPv4 address and ${v6[0]} an IPv6 address: a flow uses one address family (IPv4 and IPv6 are never translated into each other here)` };
  if (spec.ipVersion === 4 && v6.length > 0) return { error: `IpVersion 4 was given, but ${v6[0]} is an IPv6 address` };
  if (spec.ipVersion === 6 && v4.length > 0) return { error: `IpVersion 6 was given, but ${v4[0]} is an IPv4 address` };
  return { family: spec.ipVersion ?? (v6.length > 0 ? 6 : 4) };
}

function traceUnsafe(model: NetworkModel, spec: FlowSpec, settings: WalkSettings): TraceResult {
  const fam = flowFamily(spec);
  if ('error' in fam) return unknownResult(fam.error);
  const family = fam.family;
  const from = resolveEndpoint(model, spec.from, settings, family);
  if (!from.ok) return unknownResult(`source ${spec.from}: ${from.message}`);
  const to = resolveEndpoint(model, spec.to, settings, family);
  if (!to.ok) return unknownResult(`destination ${spec.to}: ${to.message}`);
  const protocol = PROTOCOLS[spec.protocol] ?? 6;
  const assumptions: string[] = [];
  let dstPorts: PortRange | null = null;
  let icmpType: number | undefined;
  if (protocol === 6 || protocol === 17) {
    if (spec.port === undefined) {
      dstPorts = { from: 0, to: 65535 };
      assumptions.push('no destination port was given, so every port 0-65535 was checked');
    } else dstPorts = typeof spec.port === 'number' ? { from: spec.port, to: spec.port } : spec.port;
  } else if (protocol === 1 && spec.port !== undefined) icmpType = typeof spec.port === 'number' ? spec.port : spec.port.from;

  let sources = from.sides;
  if (spec.sourceIp) {
    // A pin the source cannot have is an error, never silently dropped (checkFlowSpec reports it first).
    const pinned = pinSourceIp(model, sources, spec.sourceIp);
    if (!pinned.ok) return unknownResult(`source IP ${spec.sourceIp}: ${pinned.message}`);
    sources = pinned.sides;
    assumptions.push(`the source address is pinned to ${spec.sourceIp}`);
  }

  const pairs: PairResult[] = [];
  for (const s of sources) {
    for (const d of to.sides) {
      // `aws:<service>` reached through an interface endpoint with private DNS: the flow goes to its interfaces.
      const way = d.kind === 'internet' && d.service && s.kind === 'placement' ? wayToService(model, s, d.service) : undefined;
      if (way?.kind === 'interface') {
        for (const pl of way.endpoint.placements) {
          const r = walkPair(model, settings, { src: s, dst: placementSide(model, way.endpoint, pl, settings), protocol, dstPorts, icmpType, sourcePort: spec.sourcePort });
          r.assumptions.push(`aws:${way.endpoint.service?.name ?? '?'} resolves to the addresses of interface endpoint ${way.endpoint.id} in the source's VPC (PrivateDnsEnabled)`);
          pairs.push(r);
        }
        continue;
      }
      const pair = walkPair(model, settings, { src: s, dst: d, protocol, dstPorts, icmpType, sourcePort: spec.sourcePort });
      if (d.kind === 'placement' && d.kindOfEndpoint === 'load-balancer' && family === 4) {
        // A flow to a load balancer goes on to every target of the listener's groups (through-load-balancer.ts).
        const srcPorts = spec.sourcePort !== undefined ? { from: spec.sourcePort, to: spec.sourcePort } : s.kind === 'placement' ? s.ephemeral.range : INTERNET_CLIENT_PORTS;
        const first = { src: s.addr, dst: d.addr, srcPorts, dstPorts, protocol, icmpType };
        pairs.push(...throughLoadBalancer(model, settings, pair, { src: s, first }, d));
      } else pairs.push(pair);
    }
  }
  const blocked = pairs.filter((p) => p.blockers.length > 0);
  const unknown = pairs.filter((p) => p.blockers.length === 0 && p.unknown);
  const chosen = blocked[0] ?? unknown[0] ?? pairs[0];
  const verdict = blocked.length > 0 ? 'blocked' : unknown.length > 0 ? 'unknown' : 'reachable';

  const blockers: BlockingPoint[] = [];
  const seen = new Set<string>();
  // The chosen pair's blockers first, then every pair's (indexed loops: this runs once per flow, mostly cold).
  for (let k = -1; k < pairs.length; k++) {
    const list = (k < 0 ? chosen : pairs[k]).blockers;
    for (let j = 0; j < list.length; j++) {
      const b = list[j];
      // One NACL can drop on several subnets and on both of its sides: those are distinct blocking points.
      const key = `${b.resource}|${b.element ?? ''}|${b.code}|${b.direction}|${b.subnet ?? ''}|${b.side ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      blockers.push(b);
    }
  }
  if (family === 6) assumptions.unshift('the flow is walked over IPv6: IPv6 addresses, routes, network ACL entries and security-group rules only');
  for (let k = 0; k < pairs.length; k++) {
    const list = pairs[k].assumptions;
    for (let j = 0; j < list.length; j++) if (!assumptions.includes(list[j])) assumptions.push(list[j]);
  }
  if (pairs.length > 1) {
    const failing = [...blocked, ...unknown].map((p) => `${p.label} (${p.blockers.length > 0 ? 'blocked' : 'unknown'})`);
    assumptions.push(`${pairs.length} placement pairs were checked${failing.length ? `; failing: ${failing.join(', ')}` : ', all reachable'}; the hops shown are those of ${chosen.label}`);
  }
  return { verdict, blockedAt: chosen.blockers[0] ?? null, blockers, assumptions, hops: chosen.hops };
}
