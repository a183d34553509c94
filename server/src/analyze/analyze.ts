// The engine's front door: text → parse → resolve → model → a trace per declared flow → findings.
// Pure and offset-based; the LSP and the CLI convert ranges to positions. Never throws.
import { parseTemplate } from '../template/parse';
import { looksLikeCloudFormation, isCloudFormationTemplate } from '../template/detect';
import { resolveTemplate } from '../template/resolve';
import type { ParseResult, Problem } from '../template/located';
import type { ResolvedTemplate } from '../template/values';
import { buildModel } from '../model/build';
import type { DeclaredFlow, NetworkModel } from '../model/types';
import { checkEndpoint, checkSourceIp } from '../walk/endpoints';
import { traceFlow } from '../walk/trace';
import { partOutcome } from '../walk/partial';
import type { FlowSpec, WalkSettings } from '../walk/types';
import type { TraceResult } from '../../../shared/protocol';
import type { Analysis, AnalyzeOptions, Finding, FlowResult } from './types';
import { flowFindings } from './findings';
import { zeroConfiguration } from './zero-configuration';
import { applySuppressions, readSuppressions } from './suppressions';
import { TemplatePlaces } from './places';

export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeParsed(parseTemplate(text), options);
}

/** When a parse holds one part of a bigger template (the live analysis analyses a template in parts, see ./live). */
export interface PartOf {
  /** Every resource id of the whole template, in order (for "did you mean" hints). */
  resourceIds: readonly string[];
  /** The logical ids the whole template's model has (resources with a definition map), for flow endpoints. */
  logicalIds: readonly string[];
}

/** The pipeline after parsing. */
export function analyzeParsed(parse: ParseResult, options: AnalyzeOptions = {}, partOf?: PartOf): Analysis {
  const problems: Problem[] = [...parse.problems];
  const empty = (isTemplate: boolean): Analysis => ({
    parse,
    isTemplate,
    resolved: null,
    model: null,
    flows: [],
    findings: isTemplate ? problems.map(problemFinding) : [],
    problems: isTemplate ? problems : [],
  });
  if (!parse.root) return empty(looksLikeCloudFormation(parse.text));
  if (!isCloudFormationTemplate(parse.root)) return empty(false);
  try {
    const resolved = resolveTemplate(parse, { parameters: options.parameters, allResourceIds: partOf?.resourceIds });
    return analyzeResolved(parse, resolved, problems, options, partOf?.logicalIds);
  } catch (e) {
    problems.push({ code: 'ANALYSIS_FAILED', severity: 'error', message: `The template could not be analysed: ${e instanceof Error ? e.message : String(e)}`, range: { start: 0, end: 0 } });
    return { ...empty(true), findings: problems.map(problemFinding), problems };
  }
}

/**
 * The pipeline after resolution (also for a workspace of stacks, whose resolved template holds the
 * resources of the other stacks too). `aliases` maps other names of an endpoint (construct paths,
 * `Stack/LogicalId` of the analysed stack) to the model's id. Throws only on a bug; callers guard.
 */
export function analyzeResolved(
  parse: ParseResult,
  resolved: ResolvedTemplate,
  problems: Problem[],
  options: AnalyzeOptions = {},
  logicalIds?: readonly string[],
  aliases?: ReadonlyMap<string, string>,
): Analysis {
  {
    problems.push(...resolved.problems);
    const model = buildModel(resolved, logicalIds);
    problems.push(...model.problems);
    const flows: FlowResult[] = [];
    for (const declared of model.flows) {
      const flow = aliases ? withAliases(declared, aliases) : declared;
      const badFrom = checkEndpoint(model, flow.from);
      const bad = badFrom ?? checkEndpoint(model, flow.to);
      if (bad) {
        const which = badFrom ? 'from' : 'to';
        // On the misspelt name itself when it is written (the quick fix replaces it there).
        const range = declared.endpointRanges?.[which] ?? flow.origin.range;
        problems.push({ code: 'FLOW_UNKNOWN_ENDPOINT', severity: 'error', message: `Flow ${flow.name}: endpoint "${flow[which]}" cannot be used: ${bad.message}`, range });
        continue;
      }
      // A SourceIp the source cannot have would make the trace answer another question: say so instead.
      const badIp = flow.sourceIp === undefined ? null : checkSourceIp(model, flow.from, flow.sourceIp);
      if (badIp) {
        problems.push({ code: 'FLOW_SOURCE_IP_MISMATCH', severity: 'error', message: `Flow ${flow.name}: SourceIp ${badIp}`, range: flow.origin.range });
        continue;
      }
      const trace = traceFlow(model, specOf(flow), options.walk);
      // Expect: blocked means nothing gets through, while a blocked verdict only says that something fails.
      const part = flow.expect === 'blocked' && trace.verdict === 'blocked' ? partOutcome(model, specOf(flow), options.walk) : null;
      if (part?.passes) flows.push({ flow, trace, asExpected: false, partlyReachable: part.part });
      else if (part) flows.push({ flow, trace, asExpected: false, partlyUndecided: part.reason ? `${part.part}: ${part.reason}` : part.part });
      else flows.push({ flow, trace, asExpected: trace.verdict === flow.expect });
    }
    // Every finding on the line a person edits to fix it (./places.ts), never on a multi-line body.
    const places = new TemplatePlaces(parse, model);
    const placed = flowFindings(flows, options.strict ?? false, (point, results) => places.placeOf(point, results));
    const zero = zeroConfiguration(model, resolved, options, placed, logicalIds);
    problems.push(...zero.problems);
    // Suppressions apply last, to everything a user could be told about a resource.
    const { suppressions, problems: suppressionProblems } = readSuppressions(resolved);
    const findings: Finding[] = applySuppressions(
      [...problems.map(problemFinding), ...placed, ...zero.findings, ...suppressionProblems].map((f) => ({ ...f, range: places.oneLine(f.range) })),
      suppressions,
    );
    return { parse, isTemplate: true, resolved, model, flows, findings, problems, implied: zero.implied, exposures: zero.exposures };
  }
}

/** A flow whose endpoints are written as construct paths (or Stack/LogicalId) names the model's ids instead. */
function withAliases(flow: DeclaredFlow, aliases: ReadonlyMap<string, string>): DeclaredFlow {
  const from = aliases.get(flow.from.trim());
  const to = aliases.get(flow.to.trim());
  return from === undefined && to === undefined ? flow : { ...flow, from: from ?? flow.from, to: to ?? flow.to };
}

/** Traces any flow in an analysed template (the LSP's packetwalk/traceFlow and `packetwalk trace`). */
export function traceInModel(analysis: Analysis, spec: FlowSpec, settings?: WalkSettings): TraceResult {
  if (!analysis.model) {
    return { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: ['the text is not an analysable CloudFormation template'], hops: [] };
  }
  return traceFlow(analysis.model, spec, settings);
}

export function specOf(flow: DeclaredFlow): FlowSpec {
  const port = flow.port === undefined ? undefined : flow.port.from === flow.port.to ? flow.port.from : { from: flow.port.from, to: flow.port.to };
  return { from: flow.from, to: flow.to, protocol: flow.protocol, port, sourcePort: flow.sourcePort, sourceIp: flow.sourceIp, ...(flow.ipVersion ? { ipVersion: flow.ipVersion } : {}) };
}

function problemFinding(p: Problem): Finding {
  return { code: p.code, severity: p.severity, message: p.message, range: p.range, related: [] };
}

export type { NetworkModel };
