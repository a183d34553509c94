// Which implied flows an element of the text makes: for the hover on a security-group rule, a listener or
// a route, and for the "Declare this flow" code action. Offsets in, results out; the editor converts.
import type { Range } from '../../template/located';
import type { FlowDeclaration } from '../flow-edit';
import { protocolText } from './derive';
import type { ImpliedFlowResult } from './types';

function inside(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * The implied flows made by the implying element under `offset` (a rule item, a route's target): when the
 * offset is on no implying element, those made by any element inside `around` (the resource hovered).
 */
export function impliedFlowsAt(results: readonly ImpliedFlowResult[], offset: number, around?: Range): ImpliedFlowResult[] {
  const exact = results.filter((r) => r.flow.impliedBy.some((b) => b.origin.range.start <= offset && offset <= b.origin.range.end));
  if (exact.length > 0 || !around) return exact;
  return results.filter((r) => r.flow.impliedBy.some((b) => inside(b.origin.range, around)));
}

/** The declarations that state an implied flow explicitly: one per pair (a declared flow has one source and one destination). */
export function declarationsOf(result: ImpliedFlowResult): FlowDeclaration[] {
  const f = result.flow;
  const port = f.port === undefined ? undefined : f.port.from === f.port.to ? f.port.from : `${f.port.from}-${f.port.to}`;
  return f.pairs.map((p) => ({ from: p.from, to: p.to, protocol: f.protocol, ...(port !== undefined && f.protocol !== 'all' ? { port } : {}) }));
}

/** One line per implied flow for a hover: its name, verdict and, when blocked, where. */
export function impliedFlowLines(results: readonly ImpliedFlowResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.trace.verdict === 'reachable' ? '✓ reachable' : r.trace.verdict === 'blocked' ? '✗ blocked' : '? unknown';
    const failing = r.pairs.length > 1 ? r.pairs.filter((p) => p.verdict !== 'reachable').map((p) => `${p.from} → ${p.to} (${p.verdict})`) : [];
    const where =
      r.trace.verdict === 'blocked'
        ? `: ${r.trace.blockers.map((b) => `\`${b.resource}\` (${b.code})`).join(', ')}`
        : r.trace.verdict === 'unknown'
          ? `: ${r.trace.hops.find((h) => h.decision === 'unknown')?.reason ?? r.trace.assumptions[0] ?? 'the template leaves a value open'}`
          : '';
    lines.push(`- \`${r.flow.name}\` **${mark}**${where}${failing.length ? ` · failing pairs: ${failing.join(', ')}` : ''}`);
  }
  return lines;
}

export { protocolText };
