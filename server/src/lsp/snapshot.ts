// What an analysis worker sends back to the connection thread: only what the handlers read
// (findings, flow results, the model, a resource index), not the located tree or the resolved
// template, so that the structured clone stays small and the connection thread stays responsive.
import type { Analysis, AnalyzeOptions, FlowResult, Finding, WalkSettings } from '../analyze/types';
import type { NetworkModel } from '../model/types';
import { get, type LNode, type Problem, type Range } from '../template/located';
import type { TraceResult } from '../../../shared/protocol';

/** A template resource as written: where its logical id and its definition are. */
export interface ResourceSpan {
  id: string;
  type: string;
  keyRange: Range;
  range: Range;
}

export interface AnalysisSnapshot {
  isTemplate: boolean;
  /** The text has a syntax error: results are not trustworthy, the last good ones are shown instead. */
  syntaxError: boolean;
  findings: Finding[];
  /** The parser's own problems (shown alone, over the last good results, while the text does not parse). */
  parseProblems: Problem[];
  flows: FlowResult[];
  model: NetworkModel | null;
  resources: ResourceSpan[];
}

/**
 * The text does not parse: a syntax error (the readers' YAML_SYNTAX / JSON_SYNTAX), or nothing usable
 * came out of it. Other parse problems (a duplicate key, an alias, a second document) leave a tree the
 * analysis can trust, so they are reported with fresh results instead of freezing the last good ones.
 */
export function hasSyntaxError(analysis: Analysis): boolean {
  const errors = analysis.parse.problems.filter((p) => p.severity === 'error');
  if (analysis.parse.root === null) return errors.length > 0;
  return errors.some((p) => p.code.endsWith('_SYNTAX'));
}

export function resourceSpans(root: LNode | null): ResourceSpan[] {
  const resources = get(root, 'Resources');
  if (!resources || resources.kind !== 'map') return [];
  return resources.entries.map((e) => {
    const type = get(e.value, 'Type');
    return {
      id: e.key,
      type: type && type.kind === 'scalar' && typeof type.value === 'string' ? type.value : '',
      keyRange: e.keyRange,
      range: { start: e.keyRange.start, end: Math.max(e.keyRange.end, e.value.range.end) },
    };
  });
}

export function toSnapshot(analysis: Analysis): AnalysisSnapshot {
  return {
    isTemplate: analysis.isTemplate,
    syntaxError: hasSyntaxError(analysis),
    findings: analysis.findings,
    parseProblems: analysis.parse.problems,
    flows: analysis.flows,
    model: analysis.model,
    resources: resourceSpans(analysis.parse.root),
  };
}

// ---- messages between the connection thread and an analysis worker ----

export type WorkerJob =
  | { id: number; kind: 'analyze'; text: string; options: AnalyzeOptions }
  | { id: number; kind: 'trace'; text: string; options: AnalyzeOptions; spec: TraceSpec; settings: WalkSettings };

export interface TraceSpec {
  from: string;
  to: string;
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  port?: number | { from: number; to: number };
  sourcePort?: number;
  sourceIp?: string;
}

/** A trace either answers, or names an endpoint the template does not define (with the closest names). */
export type TraceOutcome =
  | { ok: true; trace: TraceResult }
  | { ok: false; message: string; closest: string[] };

export type WorkerReply =
  | { id: number; ok: true; snapshot?: AnalysisSnapshot; trace?: TraceOutcome }
  | { id: number; ok: false; error: string };
