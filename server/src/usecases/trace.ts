// Use case "trace a flow": any flow, in an analysed template, walked forward and back. The one place
// that decides when a trace can be answered: the CLI's `trace`, the language server's
// packetwalk/traceFlow and the worker's warm-up all come here.
import type { TraceResult } from '../../../shared/protocol';
import type { Analysis } from '../analyze/types';
import type { WorkspaceAnalysis } from '../analyze/workspace/types';
import { locateTrace, resolveAlias } from '../analyze/workspace/analyze-workspace';
import { checkFlowSpec } from '../walk/endpoints';
import { traceFlow } from '../walk/trace';
import type { FlowSpec, WalkSettings } from '../walk/types';
import type { TraceRefusal } from './trace-refusal';

export { refusalMessage, type TraceRefusal } from './trace-refusal';

export type TraceOutcome = { ok: true; trace: TraceResult } | { ok: false; refusal: TraceRefusal };

export const NOT_A_TEMPLATE = 'the text is not a CloudFormation template that packetwalk can read';
/** The code of the reason given when the text parses but is not a template. */
export const NOT_A_TEMPLATE_CODE = 'NOT_A_TEMPLATE';

export interface TraceOptions {
  /**
   * Refuse Elastic IP addresses given for EIPs the template does not define. The CLI's `--public-ip` is
   * given for one template, so a stray name is a typo; the editor's `packetwalk.publicIps` setting serves
   * every template of the workspace, so a name another template defines is not an error there.
   */
  requireKnownEips?: boolean;
}

/** Traces `spec` in `analysis` with the walk `settings`. Never throws. */
export function traceUseCase(analysis: Analysis, spec: FlowSpec, settings: WalkSettings = {}, options: TraceOptions = {}): TraceOutcome {
  const errors = analysis.parse.problems.filter((p) => p.severity === 'error');
  if (!analysis.isTemplate || !analysis.model || errors.length > 0) {
    const reasons = errors.length
      ? errors.map((p) => ({ code: p.code, message: p.message, offset: p.range.start }))
      : [{ code: NOT_A_TEMPLATE_CODE, message: NOT_A_TEMPLATE, offset: 0 }];
    return { ok: false, refusal: { kind: 'not-analysable', reasons } };
  }
  const model = analysis.model;
  // In a workspace analysis, an endpoint may name another stack's resource or a construct path.
  const workspace = isWorkspace(analysis) ? analysis : undefined;
  const named = workspace ? { ...spec, from: resolveAlias(workspace, spec.from), to: resolveAlias(workspace, spec.to) } : spec;
  const problem = checkFlowSpec(model, named);
  if (problem) return { ok: false, refusal: { kind: 'endpoint', ...problem } };
  const strayEips = Object.keys(settings.publicIps ?? {}).filter((id) => !model.index.elasticIp.has(id));
  if (options.requireKnownEips && strayEips.length > 0) {
    return { ok: false, refusal: { kind: 'unknown-eip', names: strayEips, eips: [...new Set(model.elasticIps.map((e) => e.id))].sort() } };
  }
  // A workspace trace names each hop's stack and file, with ranges in that file.
  const trace = traceFlow(model, named, settings);
  return { ok: true, trace: workspace ? locateTrace(workspace, trace) : trace };
}

function isWorkspace(a: Analysis): a is WorkspaceAnalysis {
  return 'aliases' in a && 'locate' in a;
}
