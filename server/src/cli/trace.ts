// `packetwalk trace <template> --from A --to B …`: one flow, walked forward and back. Exit 0 when
// reachable, 1 when blocked or unknown, 2 for usage errors — including an endpoint name the template
// does not define (reported with the closest names it does define) and a --source-ip the source cannot have.
import { checkFlowSpec } from '../walk/endpoints';
import { resolveAlias, traceInWorkspace } from '../analyze/workspace/analyze-workspace';
import { analyzeCliFile, workspaceFromArgs } from './workspace';
import type { TraceResult } from '../../../shared/protocol';
import { choice, type ParsedArgs } from './args';
import { EXIT_FAIL, EXIT_OK, UsageError } from './errors';
import { describePort, flowSpecFromArgs } from './flow-spec';
import { readParameters, readSingleTemplate } from './inputs';
import { json, type CommandOutput } from './output';
import { LineIndex } from './positions';
import { traceText } from './format/trace-text';
import { unknownEipMessage, unknownEips, walkSettingsFromArgs } from './walk-settings';

function endpointError(file: string, flag: string, name: string, problem: { message: string; closest: string[] }): UsageError {
  const closest = problem.closest.filter((c) => !problem.message.includes(c));
  const hint = closest.length ? ` (closest: ${closest.join(', ')})` : '';
  return new UsageError(`${file}: --${flag} ${name}: ${problem.message}${hint}`);
}

export function runTrace(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const spec = flowSpecFromArgs(args);
  const settings = walkSettingsFromArgs(args);
  const parameters = readParameters(args);
  const { file, text } = readSingleTemplate(args, 'trace');
  // Endpoints may name another stack's resource (`network/Web`) or a construct path: those stacks join.
  const { analysis } = analyzeCliFile(file, text, workspaceFromArgs(args), { parameters, mentions: [spec.from, spec.to] });

  const errors = analysis.parse.problems.filter((p) => p.severity === 'error');
  if (!analysis.model || errors.length > 0) {
    // Nothing trustworthy to walk: the text does not parse (a recovered partial tree could drop a rule
    // and invent a verdict), or is not a template. Not a crash: verdict unknown, exit 1.
    const lines = new LineIndex(text);
    const reasons = errors.length
      ? errors.map((p) => {
          const at = lines.position(p.range.start);
          return `${file}:${at.line + 1}:${at.character + 1} ${p.code} ${p.message}`;
        })
      : [`${file} is not a CloudFormation template`];
    const result: TraceResult = { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: reasons, hops: [] };
    return {
      stdout: format === 'json' ? json(result) : '',
      stderr: `packetwalk: cannot trace: ${reasons.join('\n  ')}\n`,
      exitCode: EXIT_FAIL,
    };
  }

  // An unknown endpoint name, or a --source-ip the source cannot have, is a usage error (exit 2): a
  // trace of something else than what was asked would be worse than no answer.
  const problem = checkFlowSpec(analysis.model, { ...spec, from: resolveAlias(analysis, spec.from), to: resolveAlias(analysis, spec.to) });
  if (problem) {
    const flag = problem.field === 'sourceIp' ? 'source-ip' : problem.field;
    throw endpointError(file, flag, problem.field === 'sourceIp' ? spec.sourceIp! : spec[problem.field], problem);
  }

  const strayEips = unknownEips(analysis.model, settings);
  if (strayEips.length > 0) throw new UsageError(unknownEipMessage(strayEips, analysis.model.elasticIps.map((e) => e.id), file));

  const result = traceInWorkspace(analysis, spec, settings);
  const stdout =
    format === 'json'
      ? json(result)
      : traceText(result, { from: spec.from, to: spec.to, protocol: spec.protocol, port: describePort(spec) });
  return { stdout, stderr: '', exitCode: result.verdict === 'reachable' ? EXIT_OK : EXIT_FAIL };
}
