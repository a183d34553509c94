// What a template says without any declared flow: its implied flows (docs/implied-flows.md) and its
// sensitive internet exposures (docs/exposure.md), as findings next to the declared flows' own.
import type { NetworkModel } from '../model/types';
import type { Problem, Range } from '../template/located';
import { baseOf } from './workspace/offsets';
import type { ResolvedTemplate } from '../template/values';
import type { AnalyzeOptions, Finding } from './types';
import { analyzeImplied } from './implied/implied';
import type { ImpliedFlowResult } from './implied/types';
import { findExposures, type Exposure } from './exposure/exposure';
import { classifyExposures, exposureFindings, readAcceptedExposures } from './exposure/sensitive';
import { unusedAcceptances } from './exposure/unused-acceptances';

export interface ZeroConfiguration {
  implied?: ImpliedFlowResult[];
  exposures?: Exposure[];
  findings: Finding[];
  problems: Problem[];
}

/**
 * In a workspace of stacks the model holds the other templates' elements too (at offsets above the
 * analysed template's, see workspace/offsets.ts): each template reports the flows and exposures its own
 * rules, listeners and routes make, so a folder checked together reports each once.
 */
function ownElement(range: Range): boolean {
  return baseOf(range.start) === 0;
}

/** `templateIds`: when the model holds one part of a template (the live analysis), every logical id of the whole. */
export function zeroConfiguration(model: NetworkModel, resolved: ResolvedTemplate, options: AnalyzeOptions, declaredFindings: readonly Finding[], templateIds?: readonly string[]): ZeroConfiguration {
  const out: ZeroConfiguration = { findings: [], problems: [] };
  if (options.implied !== false) {
    const implied = analyzeImplied(model, model.flows, options.walk, declaredFindings, ownElement);
    out.implied = implied.results;
    out.findings.push(...implied.findings);
  }
  if (options.exposure !== false) {
    const accepted = readAcceptedExposures(resolved.metadata, out.problems);
    const undecided = new Set<string>();
    const all = findExposures(model, options.walk, undecided);
    out.exposures = all.filter((x) => ownElement(x.rule.range));
    classifyExposures(out.exposures, accepted, model.flows);
    out.findings.push(...exposureFindings(out.exposures));
    // Every exposure counts here (another stack's rule may open this template's endpoint).
    out.findings.push(...unusedAcceptances(model, accepted, all, undecided, resolved.resources, templateIds));
  }
  return out;
}
