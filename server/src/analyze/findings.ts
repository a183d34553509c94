// Flow results → findings: one finding per blocking element (grouped by element and code across all
// flows it blocks), on that element's range, naming the flows and the hop; declarations and the other
// blocking points as related locations. Exposures and undecidable flows get their own findings.
import type { BlockingPoint } from '../../../shared/protocol';
import type { Finding, FlowResult, RelatedLocation } from './types';
import { UNSUPPORTED_ENDPOINT } from '../walk/endpoints';

interface Group {
  point: BlockingPoint;
  flows: FlowResult[];
  directions: Set<string>;
  /** The blocking point as each flow met it: one element can drop different flows for different reasons. */
  perFlow: Array<{ flow: FlowResult; point: BlockingPoint }>;
}

export function flowFindings(results: FlowResult[], strict: boolean): Finding[] {
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
        const key = `${b.resource}|${b.element ?? ''}|${b.code}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { point: b, flows: [], directions: new Set(), perFlow: [] }));
        if (!g.flows.includes(r)) g.flows.push(r);
        g.directions.add(b.direction);
        if (!g.perFlow.some((p) => p.flow === r && p.point.message === b.message)) g.perFlow.push({ flow: r, point: b });
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
        if (`${other.resource}|${other.element ?? ''}|${other.code}` === key || !other.range) continue;
        if (related.some((x) => x.range.start === other.range!.start && x.range.end === other.range!.end)) continue;
        related.push({ range: other.range, message: `flow ${f.flow.name} is also dropped here (${other.code}): ${other.message}` });
      }
    }
    out.push({
      code: g.point.code,
      severity: 'error',
      message: groupMessage(g, traffic, flowsText),
      range: g.point.range ?? g.flows[0].flow.origin.range,
      resource: g.point.resource,
      flows: names,
      related,
    });
  }
  return out;
}

/**
 * One sentence when every flow meets the element for the same reason; otherwise each distinct reason with
 * the flows it applies to (a NACL can drop one flow's replies outbound and another's requests inbound).
 */
function groupMessage(g: Group, traffic: string, flowsText: string): string {
  const byMessage = new Map<string, Array<{ flow: FlowResult; point: BlockingPoint }>>();
  for (const p of g.perFlow) {
    const list = byMessage.get(p.point.message) ?? [];
    list.push(p);
    byMessage.set(p.point.message, list);
  }
  if (byMessage.size <= 1) return `${traffic} of ${flowsText} is dropped: ${g.point.message}`;
  const parts = [...byMessage.entries()].map(([message, list]) => {
    const names = [...new Set(list.map((p) => p.flow.flow.name))];
    const dir = list.every((p) => p.point.direction === 'return') ? 'return traffic of ' : '';
    return `${dir}${names.length === 1 ? 'flow' : 'flows'} ${names.join(', ')}: ${message}`;
  });
  return `${traffic} of ${flowsText} is dropped. ${parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('. ')}`;
}

function describe(r: FlowResult): string {
  const f = r.flow;
  const port = f.port ? (f.port.from === f.port.to ? `/${f.port.from}` : `/${f.port.from}-${f.port.to}`) : '';
  return `${f.from} → ${f.to} ${f.protocol}${port}`;
}
