// `packetwalk trace <template> --from A --to B …`: one flow, walked forward and back (the trace use case,
// usecases/trace.ts). Exit 0 when reachable, 1 when blocked or unknown, 2 for usage errors — including an
// endpoint name the template does not define (reported with the closest names it does define) and a
// --source-ip the source cannot have.
import { NOT_A_TEMPLATE_CODE, traceUseCase, refusalMessage } from '../usecases/trace';
import { analyzeCliFile, workspaceFromArgs } from './workspace';
import type { TraceResult } from '../../../shared/protocol';
import { choice, type ParsedArgs } from './args';
import { EXIT_FAIL, EXIT_OK, UsageError } from './errors';
import { describePort, flowSpecFromArgs } from './flow-spec';
import { readParameters, readSingleTemplate } from './inputs';
import { json, type CommandOutput } from './output';
import { LineIndex } from './positions';
import { traceText } from '../features/trace-text';
import { walkSettingsFromArgs } from './walk-settings';

const FLAGS = { from: 'from', to: 'to', sourceIp: 'source-ip' } as const;

export function runTrace(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const spec = flowSpecFromArgs(args);
  const settings = walkSettingsFromArgs(args);
  const parameters = readParameters(args);
  const { file, text } = readSingleTemplate(args, 'trace');
  // Endpoints may name another stack's resource (`network/Web`) or a construct path: those stacks join.
  const { analysis } = analyzeCliFile(file, text, workspaceFromArgs(args), { parameters, mentions: [spec.from, spec.to] });
  const outcome = traceUseCase(analysis, spec, settings, { requireKnownEips: true });

  if (!outcome.ok) {
    const refusal = outcome.refusal;
    if (refusal.kind === 'not-analysable') {
      // Nothing trustworthy to walk. Not a crash: verdict unknown, exit 1.
      const lines = new LineIndex(text);
      const reasons = refusal.reasons.map((r) => {
        if (r.code === NOT_A_TEMPLATE_CODE) return `${file} is not a CloudFormation template`;
        const at = lines.position(r.offset);
        return `${file}:${at.line + 1}:${at.character + 1} ${r.code} ${r.message}`;
      });
      const result: TraceResult = { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: reasons, hops: [] };
      return {
        stdout: format === 'json' ? json(result) : '',
        stderr: `packetwalk: cannot trace: ${reasons.join('\n  ')}\n`,
        exitCode: EXIT_FAIL,
      };
    }
    // An unknown endpoint name, a --source-ip the source cannot have, or a --public-ip for no EIP of the
    // template is a usage error (exit 2): a trace of something else than what was asked would be worse than no answer.
    if (refusal.kind === 'endpoint') {
      const given = refusal.field === 'sourceIp' ? spec.sourceIp! : spec[refusal.field];
      throw new UsageError(`${file}: --${FLAGS[refusal.field]} ${given}: ${refusalMessage(refusal)}`);
    }
    throw new UsageError(`${file}: --public-ip ${refusalMessage(refusal)}`);
  }

  const result = outcome.trace;
  const stdout =
    format === 'json'
      ? json(result)
      : traceText(result, { from: spec.from, to: spec.to, protocol: spec.protocol, port: describePort(spec) });
  return { stdout, stderr: '', exitCode: result.verdict === 'reachable' ? EXIT_OK : EXIT_FAIL };
}
