// Walking implied flows exactly like declared ones: each (source, destination) pair with the walk of a
// declared flow (traceFlow, or the same pair walk over the placements the implying element concerns),
// all-or-nothing over the pairs like any multi-placement endpoint, the failing pairs named.
import type { NetworkModel } from '../../model/types';
import type { BlockingPoint, TraceResult } from '../../../../shared/protocol';
import { resolveEndpoint } from '../../walk/endpoints';
import { traceFlow } from '../../walk/trace';
import { walkPair, type PairResult } from '../../walk/pair-walk';
import type { FlowSpec, Side, WalkSettings } from '../../walk/types';
import type { DerivedFlow, PlacementFilter } from './derive';
import type { ImpliedFlowResult, PairVerdict } from './types';

/** Pairs walked per implied flow at most (a group of many members admitting itself grows quadratically). */
export const MAX_PAIRS = 24;

const PROTOCOLS = { tcp: 6, udp: 17, icmp: 1, all: -1 } as const;

export function walkImplied(model: NetworkModel, flow: DerivedFlow, settings: WalkSettings = {}): ImpliedFlowResult {
  const pairs = flow.pairs.slice(0, MAX_PAIRS);
  const traces: Array<{ pair: PairVerdict; trace: TraceResult }> = [];
  for (const p of pairs) {
    const trace = walkOnePair(model, flow, p.from, p.to, settings);
    traces.push({ pair: { ...p, verdict: trace.verdict }, trace });
  }
  const trace = combine(traces.map((t) => ({ label: `${t.pair.from} → ${t.pair.to}`, trace: t.trace })));
  if (flow.pairs.length > pairs.length) {
    trace.assumptions.push(`only the first ${pairs.length} of ${flow.pairs.length} endpoint pairs were walked`);
    if (trace.verdict === 'reachable') trace.verdict = 'unknown';
  }
  return { flow: publicFlow(flow), trace, pairs: traces.map((t) => t.pair) };
}

function publicFlow(f: DerivedFlow): ImpliedFlowResult['flow'] {
  const { filter: _filter, ...flow } = f;
  return flow;
}

function specOf(flow: DerivedFlow, from: string, to: string): FlowSpec {
  const port = flow.port === undefined ? undefined : flow.port.from === flow.port.to ? flow.port.from : flow.port;
  return { from, to, protocol: flow.protocol, port };
}

function keep(side: Side, filter: PlacementFilter, role: 'source' | 'destination'): boolean {
  if (side.kind !== 'placement' || side.probe) return true;
  const pl = side.placement;
  if (role === 'source') {
    if (filter.sourceSubnets && !(typeof pl.subnet === 'string' && filter.sourceSubnets.has(pl.subnet))) return false;
    if (filter.sourceGroup && !pl.securityGroups.includes(filter.sourceGroup)) return false;
    return true;
  }
  return !filter.destinationGroup || pl.securityGroups.includes(filter.destinationGroup);
}

/** One endpoint pair: the declared-flow walk when every placement is concerned, else the same pair walk over those that are. */
function walkOnePair(model: NetworkModel, flow: DerivedFlow, from: string, to: string, settings: WalkSettings): TraceResult {
  const spec = specOf(flow, from, to);
  const src = resolveEndpoint(model, from, settings);
  const dst = resolveEndpoint(model, to, settings);
  if (!src.ok || !dst.ok) return traceFlow(model, spec, settings);
  const sources = src.sides.filter((s) => keep(s, flow.filter, 'source'));
  const destinations = dst.sides.filter((s) => keep(s, flow.filter, 'destination'));
  if (sources.length === src.sides.length && destinations.length === dst.sides.length) return traceFlow(model, spec, settings);
  const protocol = PROTOCOLS[flow.protocol];
  const portful = protocol === 6 || protocol === 17;
  const dstPorts = portful ? (flow.port ?? { from: 0, to: 65535 }) : null;
  const icmpType = protocol === 1 && flow.port ? flow.port.from : undefined;
  const results: PairResult[] = [];
  for (const s of sources) for (const d of destinations) results.push(walkPair(model, settings, { src: s, dst: d, protocol, dstPorts, icmpType }));
  return combine(results.map((r) => ({ label: r.label, trace: pairTrace(r) })));
}

function pairTrace(r: PairResult): TraceResult {
  const verdict = r.blockers.length > 0 ? 'blocked' : r.unknown ? 'unknown' : 'reachable';
  return { verdict, blockedAt: r.blockers[0] ?? null, blockers: r.blockers, assumptions: r.assumptions, hops: r.hops };
}

function blockerKey(b: BlockingPoint): string {
  return `${b.resource}|${b.element ?? ''}|${b.code}|${b.direction}|${b.subnet ?? ''}|${b.side ?? ''}`;
}

/** All-or-nothing over parts: blocked when any is, unknown when none is blocked and some is unknown; the hops of the first failing part. */
export function combine(parts: Array<{ label: string; trace: TraceResult }>): TraceResult {
  if (parts.length === 1) return parts[0].trace;
  if (parts.length === 0) return { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: ['nothing to walk'], hops: [] };
  const blocked = parts.filter((p) => p.trace.verdict === 'blocked');
  const unknown = parts.filter((p) => p.trace.verdict === 'unknown');
  const chosen = blocked[0] ?? unknown[0] ?? parts[0];
  const blockers: BlockingPoint[] = [];
  const seen = new Set<string>();
  for (const p of [chosen, ...parts]) {
    for (const b of p.trace.blockers) {
      const key = blockerKey(b);
      if (seen.has(key)) continue;
      seen.add(key);
      blockers.push(b);
    }
  }
  const assumptions: string[] = [];
  for (const p of parts) for (const a of p.trace.assumptions) if (!assumptions.includes(a)) assumptions.push(a);
  const failing = [...blocked, ...unknown].map((p) => `${p.label} (${p.trace.verdict})`);
  assumptions.push(`${parts.length} pairs were checked${failing.length ? `; failing: ${failing.join(', ')}` : ', all reachable'}; the hops shown are those of ${chosen.label}`);
  return {
    verdict: blocked.length > 0 ? 'blocked' : unknown.length > 0 ? 'unknown' : 'reachable',
    blockedAt: chosen.trace.blockedAt,
    blockers,
    assumptions,
    hops: chosen.trace.hops,
  };
}
