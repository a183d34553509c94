// One open document's analysis across edits. update(text) answers exactly what analyzeText(text) would.
import { analyzeText } from '../analyze';
import type { Analysis, AnalyzeOptions } from '../types';
import { parseHasSyntaxError, resourceSpans, sortFindings } from './spans';
import type { LiveResult } from './types';

export class LiveDocument {
  constructor(private readonly options: AnalyzeOptions = {}) {}

  update(text: string): LiveResult {
    return fullResult(text, analyzeText(text, this.options));
  }
}

/** A LiveResult from a whole analysis (every range is already a document offset). */
export function fullResult(text: string, analysis: Analysis): LiveResult {
  const flows = [...analysis.flows].sort((a, b) => a.flow.origin.range.start - b.flow.origin.range.start);
  return {
    text,
    isTemplate: analysis.isTemplate,
    syntaxError: parseHasSyntaxError(analysis.parse),
    parseProblems: analysis.parse.problems,
    findings: sortFindings(analysis.findings),
    outline: flows.map((result) => ({ result, range: result.flow.origin.range })),
    resources: resourceSpans(analysis.parse.root),
    flows: () => flows,
    full: () => analysis,
  };
}
