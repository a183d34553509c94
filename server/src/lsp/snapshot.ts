// What an analysis worker sends back to the connection thread after each analysis: only what the
// connection thread itself reads (diagnostics, code lens, the flow summary). The model, the hop lists
// and the resource index stay in the worker, which answers hover, endpoints and traces itself
// (./analysis-worker.ts): a structured clone of a whole analysis cost 100-300 ms per keystroke at 1 MB.
import type { FlowOutline, LiveResult } from '../analyze/live/types';
import type { Finding } from '../analyze/types';
import type { Problem, Range } from '../template/located';
import type { TraceFlowParams, Verdict } from '../../../shared/protocol';
import { codeLensTitle, traceParamsOf } from './code-lens';

/** A declared flow as the connection thread needs it: its verdict, its lens and where it is declared. */
export interface FlowLens {
  name: string;
  verdict: Verdict;
  asExpected: boolean;
  partlyReachable: boolean;
  partlyUndecided: boolean;
  /** The code lens title (code-lens.ts). */
  title: string;
  /** The arguments of the lens command, without the document uri (added by the connection thread). */
  trace: Omit<TraceFlowParams, 'uri'>;
  /** The flow declaration in the document (document offsets). */
  range: Range;
}

export interface AnalysisSnapshot {
  isTemplate: boolean;
  /** The text has a syntax error: results are not trustworthy, the last good ones are shown instead. */
  syntaxError: boolean;
  /** Every finding, sorted by place (LiveResult's order). */
  findings: Finding[];
  /** The parser's own problems (shown alone, over the last good results, while the text does not parse). */
  parseProblems: Problem[];
  /** One per traced declared flow, in document order. */
  flows: FlowLens[];
  /**
   * True when findings and flows were left out (empty): the text does not parse and the connection thread
   * shows the last good results instead, so only the parse problems were asked for.
   */
  parseOnly?: boolean;
}

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
