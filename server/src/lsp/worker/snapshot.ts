// What an analysis worker sends back to the connection thread after each analysis: only what the
// connection thread itself reads (diagnostics, code lens, the flow summary). The model, the hop lists
// and the resource index stay in the worker, which answers hover, endpoints and traces itself
// (./analysis-worker.ts): a structured clone of a whole analysis cost 100-300 ms per keystroke at 1 MB.
import type { FlowOutline, LiveResult } from '../../analyze/live/types';
import { codeLensTitle, traceParamsOf } from '../../features/lens';
import type { AnalysisSnapshot, FlowLens } from '../jobs';

export type { AnalysisSnapshot, FlowLens };

export function flowLens(outline: FlowOutline): FlowLens {
  // outline.result may carry ranges of an internal coordinate space: only its verdict and names are read.
  const { result } = outline;
  const { uri: _uri, ...trace } = traceParamsOf('', result);
  return {
    name: result.flow.name,
    verdict: result.trace.verdict,
    asExpected: result.asExpected,
    partlyReachable: !!result.partlyReachable,
    partlyUndecided: !!result.partlyUndecided,
    title: codeLensTitle(result),
    trace,
    range: outline.range,
  };
}

/** The snapshot of a live result; `parseOnly`: of a text that does not parse, only what the stale rule shows. */
export function toSnapshot(result: LiveResult, parseOnly = false): AnalysisSnapshot {
  // A broken text's findings and outline are computed on first read (a whole analysis): not read here.
  if (parseOnly && result.syntaxError) {
    return { isTemplate: result.isTemplate, syntaxError: true, findings: [], parseProblems: result.parseProblems, flows: [], parseOnly: true };
  }
  return {
    isTemplate: result.isTemplate,
    syntaxError: result.syntaxError,
    findings: result.findings,
    parseProblems: result.parseProblems,
    flows: result.outline.map(flowLens),
  };
}
