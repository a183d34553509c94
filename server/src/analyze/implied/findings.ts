// Implied flow results → findings: only a flow that is blocked (never unknown), only at an element other
// than the rule, listener or route that implies it, one finding per blocking element (grouped across
// implied flows, like declared ones), severity warning, the implying elements as related information.
import type { BlockingPoint } from '../../../../shared/protocol';
import type { Finding, RelatedLocation } from '../types';
import type { ImpliedFlowResult } from './types';

interface Group {
  point: BlockingPoint;
  flows: ImpliedFlowResult[];
  directions: Set<string>;
}

function groupKey(b: BlockingPoint): string {
  return `${b.resource}|${b.element ?? ''}|${b.code}|${b.side ?? ''}`;
}

/** A blocking point that is the implying element itself (its own rule text): the flow's premise, not a finding. */
export function isOwnElement(r: ImpliedFlowResult, b: BlockingPoint): boolean {
  return r.flow.impliedBy.some((by) => by.origin.resource === b.resource && b.range !== undefined && b.range.start < by.origin.range.end && by.origin.range.start < b.range.end);
}

/**
 * `declared`: the findings already made for declared flows; an element they report is not reported again
 * as a warning for the implied flows it also blocks.
 */
export function impliedFindings(results: readonly ImpliedFlowResult[], declared: readonly Finding[]): Finding[] {
  const groups = new Map<string, Group>();
  for (const r of results) {
    if (r.trace.verdict !== 'blocked') continue;
    for (const b of r.trace.blockers) {
      if (isOwnElement(r, b)) continue;
      const key = groupKey(b);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { point: b, flows: [], directions: new Set() }));
      if (!g.flows.includes(r)) g.flows.push(r);
      g.directions.add(b.direction);
    }
  }
  const out: Finding[] = [];
  for (const [key, g] of groups) {
    const range = g.point.range;
    if (!range) continue; // nothing in the template to point at: the hover shows the trace
    // Declared findings are placed on the line to edit (analyze/places.ts), so they are matched by element and code.
    if (declared.some((f) => f.code === g.point.code && f.resource === g.point.resource)) continue;
    const names = g.flows.map((f) => f.flow.name);
    const traffic = g.directions.size === 1 && g.directions.has('return') ? 'Return traffic' : g.directions.size === 1 ? 'Traffic' : 'Traffic and return traffic';
    const flowsText = names.length === 1 ? `implied flow ${names[0]}` : `implied flows ${names.join(', ')}`;
    const related: RelatedLocation[] = [];
    for (const f of g.flows) {
      for (const by of f.flow.impliedBy) {
        if (related.some((x) => x.range.start === by.origin.range.start && x.range.end === by.origin.range.end)) continue;
        related.push({ range: by.origin.range, message: `implied by ${by.text}` });
      }
    }
    for (const f of g.flows) {
      for (const other of f.trace.blockers) {
        if (groupKey(other) === key || !other.range || isOwnElement(f, other)) continue;
        if (related.some((x) => x.range.start === other.range!.start && x.range.end === other.range!.end)) continue;
        related.push({ range: other.range, message: `implied flow ${f.flow.name} is also dropped here (${other.code}): ${other.message}` });
      }
    }
    const failing = g.flows.flatMap((f) => (f.pairs.length > 1 ? f.pairs.filter((p) => p.verdict === 'blocked').map((p) => `${p.from} → ${p.to}`) : []));
    const pairsText = failing.length ? ` (failing pairs: ${[...new Set(failing)].slice(0, 6).join(', ')}${failing.length > 6 ? ', …' : ''})` : '';
    out.push({
      code: g.point.code,
      severity: 'warning',
      message: `${traffic} of ${flowsText} is dropped: ${g.point.message}${pairsText}`,
      range,
      resource: g.point.resource,
      flows: names,
      related,
      implied: true,
    });
  }
  return out;
}
