// Flow results → findings: one finding per blocking element (grouped by element and code across all
// flows it blocks), on that element's range, naming the flows and the hop; declarations and the other
// blocking points as related locations. Exposures and undecidable flows get their own findings.
import type { BlockingPoint } from '../../../shared/protocol';
import type { Finding, FlowResult, RelatedLocation } from './types';
import type { Range } from '../template/located';
import { UNSUPPORTED_ENDPOINT } from '../walk/endpoints';

interface Group {
  point: BlockingPoint;
  flows: FlowResult[];
  directions: Set<string>;
}

/** Where the finding of a blocking point goes (./places.ts); without one, on the blamed element's range. */
export type Placer = (point: BlockingPoint, flows: readonly FlowResult[]) => { range: Range; related: RelatedLocation[] };

export function flowFindings(results: FlowResult[], strict: boolean, placer?: Placer): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, Group>();
  for (const r of results) {
    if (r.asExpected) continue;
    const { flow, trace } = r;
    if (flow.expect === 'blocked' && trace.verdict === 'reachable') {
      out.push({
        code: 'FLOW_UNEXPECTEDLY_REACHABLE',
        severity: 'error',
        message: `Flow ${flow.name} is declared blocked, but ${flow.from} reaches ${flow.to} (${describe(r)}): every check on the path admits it`,
        range: flow.origin.range,
        flows: [flow.name],
        related: trace.hops
          .filter((h) => h.direction === 'forward' && h.rule)
          .slice(0, 8)
          .map((h) => ({ range: h.range, message: `admitted by ${h.resource}: ${h.rule}` })),
      });
      continue;
    }
    if (flow.expect === 'blocked' && trace.verdict === 'blocked' && r.partlyReachable) {
      out.push({
        code: 'FLOW_UNEXPECTEDLY_REACHABLE',
        severity: 'error',
        message: `Flow ${flow.name} is declared blocked, but part of it gets through: ${r.partlyReachable} passes every check (the rest is dropped: ${trace.blockedAt?.message ?? 'see the trace'})`,
        range: flow.origin.range,
        flows: [flow.name],
        related: trace.blockers
          .filter((b) => b.range)
          .slice(0, 8)
          .map((b) => ({ range: b.range!, message: `the blocked part is dropped here (${b.code})` })),
      });
      continue;
    }
    if (flow.expect === 'blocked' && trace.verdict === 'blocked' && r.partlyUndecided) {
      out.push({
        code: 'ASSUMPTION_UNRESOLVED_VALUE',
        severity: strict ? 'error' : 'warning',
        message: `Flow ${flow.name} is declared blocked; part of it is dropped (${trace.blockedAt?.message ?? 'see the trace'}), but whether the rest gets through cannot be decided: ${r.partlyUndecided}`,
        range: flow.origin.range,
        flows: [flow.name],
        related: [{ range: flow.origin.range, message: `flow ${flow.name} is declared here` }],
      });
      continue;
    }
    if (trace.verdict === 'unknown') {
      const hop = trace.hops.find((h) => h.decision === 'unknown');
      const code = hop?.code || (trace.assumptions.some((a) => a.includes(UNSUPPORTED_ENDPOINT)) ? 'UNSUPPORTED_COMPONENT' : 'ASSUMPTION_UNRESOLVED_VALUE');
      out.push({
        code,
        severity: strict ? 'error' : 'warning',
        message: `Flow ${flow.name} (${describe(r)}) cannot be decided: ${hop ? hop.reason : trace.assumptions[0] ?? 'the template leaves a value open'}`,
        range: hop?.range ?? flow.origin.range,
        resource: hop?.resource,
        flows: [flow.name],
        related: [{ range: flow.origin.range, message: `flow ${flow.name} is declared here` }],
      });
      continue;
    }
    if (trace.verdict === 'blocked') {
      for (const b of trace.blockers) {
        const key = groupKey(b);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { point: b, flows: [], directions: new Set() }));
        if (!g.flows.includes(r)) g.flows.push(r);
        g.directions.add(b.direction);
      }
    }
  }
  for (const [key, g] of groups) {
    const names = g.flows.map((f) => f.flow.name);
    const traffic = g.directions.size === 1 && g.directions.has('return') ? 'Return traffic' : g.directions.size === 1 ? 'Traffic' : 'Traffic and return traffic';
    const flowsText = names.length === 1 ? `flow ${names[0]}` : `flows ${names.join(', ')}`;
    const related: RelatedLocation[] = [];
    for (const f of g.flows) related.push({ range: f.flow.origin.range, message: `flow ${f.flow.name} (${describe(f)}) is declared here` });
    for (const f of g.flows) {
      for (const other of f.trace.blockers) {
        if (groupKey(other) === key || !other.range) continue;
        if (related.some((x) => x.range.start === other.range!.start && x.range.end === other.range!.end)) continue;
        related.push({ range: other.range, message: `flow ${f.flow.name} is also dropped here (${other.code}): ${other.message}` });
      }
    }
    const place = placer?.(g.point, g.flows);
    if (place) related.push(...place.related);
    out.push({
      code: g.point.code,
      severity: 'error',
      message: `${traffic} of ${flowsText} is dropped: ${g.point.message}`,
      range: place?.range ?? g.point.range ?? g.flows[0].flow.origin.range,
      resource: g.point.resource,
      flows: names,
      related,
    });
  }
  return out;
}

/**
 * What one finding stands for: the element to fix. A NACL's inbound and outbound rules are separate fixes
 * (one flow's replies can die on the way out while another's die on the way in), so they are separate
 * findings; flows that meet the same side of the same element share one.
 */
function groupKey(b: BlockingPoint): string {
  return `${b.resource}|${b.element ?? ''}|${b.code}|${b.side ?? ''}`;
}

function describe(r: FlowResult): string {
  const f = r.flow;
  const port = f.port ? (f.port.from === f.port.to ? `/${f.port.from}` : `/${f.port.from}-${f.port.to}`) : '';
  return `${f.from} → ${f.to} ${f.protocol}${port}`;
}
