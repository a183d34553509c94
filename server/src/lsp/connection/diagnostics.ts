// What each analysis result means for a document's diagnostics, including the stale rule: while the text
// does not parse, show the parse errors plus the last good results (kept as they were published, and
// marked stale); once it parses again, publish exactly what a fresh open of that text would.
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, Finding } from '../../analyze/types';
import type { Problem } from '../../template/located';
import type { FlowSummary } from '../../../../shared/protocol';
import { findingToDiagnostic } from './convert';
import type { AnalysisSnapshot } from '../jobs';

export interface Analysed {
  /** The text the snapshot was computed for (frozen): offsets in the snapshot refer to it. */
  doc: TextDocument;
  snapshot: AnalysisSnapshot;
  /** The options it was analysed with: requests about these results (hover, traces) name them to the worker. */
  options: AnalyzeOptions;
}

export interface DocResults {
  current: Analysed;
  /** The newest result whose text parsed, with the diagnostics published for it. */
  lastGood?: Analysed & { diagnostics: Diagnostic[] };
  stale: boolean;
}

export interface Publication {
  /** undefined: the document is not a template, forget it. */
  results: DocResults | undefined;
  diagnostics: Diagnostic[];
}

export function nextResults(
  previous: DocResults | undefined,
  doc: TextDocument,
  snapshot: AnalysisSnapshot,
  options: AnalyzeOptions,
): Publication {
  const current: Analysed = { doc, snapshot, options };
  if (snapshot.syntaxError) {
    const parseDiagnostics = snapshot.parseProblems.map((p) => findingToDiagnostic(doc, problemFinding(p)));
    if (previous?.lastGood) {
      return {
        results: { current, lastGood: previous.lastGood, stale: true },
        diagnostics: [...parseDiagnostics, ...previous.lastGood.diagnostics],
      };
    }
    // Nothing good to fall back on: show what this text gives, parse errors included.
    return { results: { current, stale: false }, diagnostics: unionDiagnostics(doc, snapshot) };
  }
  if (!snapshot.isTemplate) return { results: undefined, diagnostics: [] };
  const diagnostics = unionDiagnostics(doc, snapshot);
  return { results: { current, lastGood: { ...current, diagnostics }, stale: false }, diagnostics };
}

/** The result handlers answer from: the last good one while the text does not parse. */
export function shownResult(results: DocResults): Analysed {
  return results.stale && results.lastGood ? results.lastGood : results.current;
}

export function flowSummary(uri: string, version: number | null, results: DocResults | undefined): FlowSummary {
  if (!results) return { uri, version, isTemplate: false, total: 0, asExpected: 0, failing: 0, unknown: 0, stale: false };
  const flows = shownResult(results).snapshot.flows;
  // A flow partly undecided (expected blocked, some part open) is reported as a warning, like an unknown one.
  const undecided = (f: (typeof flows)[number]) => f.verdict === 'unknown' || (!f.asExpected && f.partlyUndecided && !f.partlyReachable);
  const unknown = flows.filter(undecided).length;
  const asExpected = flows.filter((f) => f.asExpected).length;
  const failing = flows.filter((f) => !f.asExpected && !undecided(f)).length;
  return { uri, version, isTemplate: true, total: flows.length, asExpected, failing, unknown, stale: results.stale };
}

function problemFinding(p: Problem): Finding {
  return { code: p.code, severity: p.severity, message: p.message, range: p.range, related: [] };
}

/** Findings, plus any parse problem the engine did not already turn into a finding. */
function unionDiagnostics(doc: TextDocument, snapshot: AnalysisSnapshot): Diagnostic[] {
  const seen = new Set(snapshot.findings.map((f) => `${f.code}@${f.range.start}-${f.range.end}`));
  const extra = snapshot.parseProblems.filter((p) => !seen.has(`${p.code}@${p.range.start}-${p.range.end}`));
  return [...snapshot.findings, ...extra.map(problemFinding)].map((f) => findingToDiagnostic(doc, f));
}
