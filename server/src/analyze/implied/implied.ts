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
  for (const flow of deriveImpliedFlows(model)) {
    if (!flow.impliedBy.some((by) => own(by.origin.range))) continue;
    const left = uncovered(flow, declared);
    if (!left) continue;
    results.push(walkImplied(model, left, settings));
  }
  return { results, findings: impliedFindings(results, declaredFindings) };
}

/**
 * A declared flow between the same two endpoints, on the same protocol and overlapping ports, states the
 * author's intent for that pair (either way): the implied flow no longer walks it. null when no pair is left.
 */
function uncovered(flow: DerivedFlow, declared: readonly DeclaredFlow[]): DerivedFlow | null {
  const pairs = flow.pairs.filter((p) => !declared.some((d) => covers(d, flow, p.from, p.to)));
  if (pairs.length === flow.pairs.length) return flow;
  return pairs.length === 0 ? null : { ...flow, pairs };
}

function covers(d: DeclaredFlow, flow: DerivedFlow, from: string, to: string): boolean {
  if (d.from.trim().toLowerCase() !== from.toLowerCase() || d.to.trim().toLowerCase() !== to.toLowerCase()) return false;
  if (d.protocol !== flow.protocol && d.protocol !== 'all' && flow.protocol !== 'all') return false;
  if (!d.port || !flow.port || d.protocol === 'all' || flow.protocol === 'all') return true;
  return rangeOverlaps(d.port, flow.port);
}
