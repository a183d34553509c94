// The live (editor) face of the engine: one LiveDocument per open document, fed every new text of it.
// Each result says exactly what analyzeText would say of that text (the same findings and flow results),
// but work per edit grows with the edit, not with the template: see ./live-document.ts.
import type { ImpliedFlowResult } from '../implied/types';
import type { Problem, Range } from '../../template/located';
import type { Analysis, Finding, FlowResult } from '../types';

/** A template resource as written: where its logical id and its definition are (document offsets). */
export interface ResourceSpan {
  id: string;
  type: string;
  keyRange: Range;
  range: Range;
}

/**
 * A declared flow's result, cheap to hand out on every keystroke. `result` may carry offsets of an
 * internal coordinate space (its ranges are not document offsets unless `exact` is true): read its
 * verdict, names and hop list from it, and take document positions from `range` (the declaration) or
 * from `LiveResult.flows()`.
 */
export interface FlowOutline {
  result: FlowResult;
  /** The flow declaration's range in the document (result.flow.origin.range, in document offsets). */
  range: Range;
}

export interface LiveResult {
  /** The text this result is for. */
  readonly text: string;
  readonly isTemplate: boolean;
  /** The text does not parse (a syntax error): the editor keeps showing the last good results. */
  readonly syntaxError: boolean;
  /** The parser's problems (document offsets). */
  readonly parseProblems: Problem[];
  /** Every finding, document offsets, sorted by (start, end, code, message). */
  readonly findings: Finding[];
  /** One per declared flow that was traced, in document order of the declarations. */
  readonly outline: FlowOutline[];
  /** The template's resources in document order. */
  readonly resources: ResourceSpan[];
  /** The flow results with every range in document offsets, in document order (computed on first call). */
  flows(): FlowResult[];
  /**
   * The implied flows and their traces, document offsets (computed on first call; from the units on the
   * incremental path, so hover and "Declare this flow" need no whole analysis).
   */
  implied(): ImpliedFlowResult[];
  /** The whole analysis of this text, as analyzeText gives it (computed on first call): traces, model queries. */
  full(): Analysis;
  /** The whole analysis when it is already at hand (the whole path, or full() was called), without computing it. */
  ready(): Analysis | undefined;
}
