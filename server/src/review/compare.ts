// The comparison use case shared by `packetwalk diff` and the editor's Compare with HEAD: two texts of one
// template in, the resource changes and every flow (declared or implied) whose verdict or path moved out.
import type { ReachabilityDiff } from '../../../shared/protocol';
import { analyzeText } from '../analyze/analyze';
import type { Analysis, AnalyzeOptions } from '../analyze/types';
import { comparableFlows, flowChanges } from '../analyze/diff/flow-changes';
import { resourceChanges } from './resource-changes';

function analysisOf(text: string | null, options: AnalyzeOptions): Analysis | null {
  if (text === null) return null;
  const a = analyzeText(text, options);
  return a.isTemplate ? a : null;
}

/** `before` null: the template is new; `after` null: it was deleted. */
export function compareTexts(before: string | null, after: string | null, options: AnalyzeOptions = {}): ReachabilityDiff {
  const flows = flowChanges(comparableFlows(analysisOf(before, options)), comparableFlows(analysisOf(after, options)));
  return { resources: resourceChanges(before, after), flows };
}
