// The implied-flow analysis of one model: derive, drop what declared flows already state, walk, report.
// Pure and local to the elements a flow meets, so the live analysis can run it per unit of a template.
import type { DeclaredFlow, NetworkModel } from '../../model/types';
import { rangeOverlaps } from '../../net/ports';
import type { WalkSettings } from '../../walk/types';
import type { Finding } from '../types';
import type { Range } from '../../template/located';
import { deriveImpliedFlows, type DerivedFlow } from './derive';
import { impliedFindings } from './findings';
import type { ImpliedFlowResult } from './types';
import { walkImplied } from './walk';

export interface ImpliedAnalysis {
  results: ImpliedFlowResult[];
  findings: Finding[];
}

/** `own`: whether an implying element's range belongs to the analysed template (default: every one does). */
export function analyzeImplied(
  model: NetworkModel,
  declared: readonly DeclaredFlow[],
  settings: WalkSettings | undefined,
  declaredFindings: readonly Finding[],
  own: (range: Range) => boolean = () => true,
): ImpliedAnalysis {
  const results: ImpliedFlowResult[] = [];
  const byPair = declaredByPair(declared);
  for (const flow of deriveImpliedFlows(model)) {
    if (!flow.impliedBy.some((by) => own(by.origin.range))) continue;
    const left = uncovered(flow, byPair);
    if (!left) continue;
    results.push(walkImplied(model, left, settings));
  }
  return { results, findings: impliedFindings(results, declaredFindings) };
}

/**
 * A declared flow between the same two endpoints, on the same protocol and overlapping ports, states the
 * author's intent for that pair (either way): the implied flow no longer walks it. null when no pair is left.
 */
function uncovered(flow: DerivedFlow, byPair: Map<string, DeclaredFlow[]>): DerivedFlow | null {
  const pairs = flow.pairs.filter((p) => !(byPair.get(pairKey(p.from, p.to)) ?? []).some((d) => covers(d, flow)));
  if (pairs.length === flow.pairs.length) return flow;
  return pairs.length === 0 ? null : { ...flow, pairs };
}

/** The declared flows by their two endpoints (names compare without case), so each pair looks up only its own. */
function declaredByPair(declared: readonly DeclaredFlow[]): Map<string, DeclaredFlow[]> {
  const out = new Map<string, DeclaredFlow[]>();
  for (const d of declared) {
    const key = pairKey(d.from.trim(), d.to.trim());
    const list = out.get(key);
    if (list) list.push(d);
    else out.set(key, [d]);
  }
  return out;
}

function pairKey(from: string, to: string): string {
  return `${from.toLowerCase()}\u0000${to.toLowerCase()}`;
}

/** Whether a declared flow between the same two endpoints covers the implied flow's protocol and ports. */
function covers(d: DeclaredFlow, flow: DerivedFlow): boolean {
  if (d.protocol !== flow.protocol && d.protocol !== 'all' && flow.protocol !== 'all') return false;
  if (!d.port || !flow.port || d.protocol === 'all' || flow.protocol === 'all') return true;
  return rangeOverlaps(d.port, flow.port);
}
