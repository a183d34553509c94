// `packetwalk model <template>`: prints what the engine believes the network is (modelView / modelText),
// so a user can see which values were resolved and which stayed unknown. Exit 0 (2 for usage errors);
// a template that does not parse still prints a view, with its parse problems.
import { analyzeText } from '../analyze/analyze';
import { modelText, modelView } from '../model/view';
import { choice, type ParsedArgs } from './args';
import { EXIT_OK } from './errors';
import { readParameters, readSingleTemplate } from './inputs';
import { json, type CommandOutput } from './output';
import { LineIndex } from './positions';

export function runModel(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const parameters = readParameters(args);
  const { file, text } = readSingleTemplate(args, 'model');
  const analysis = analyzeText(text, { parameters });
  if (analysis.model) {
    return { stdout: format === 'json' ? json(modelView(analysis.model)) : ensureNewline(modelText(analysis.model)), stderr: '', exitCode: EXIT_OK };
  }
  const problems = analysis.parse.problems.map((p) => ({ code: p.code, message: p.message, range: p.range }));
  if (!analysis.isTemplate && problems.length === 0) {
    problems.push({ code: 'NOT_A_TEMPLATE', message: `${file} is not a CloudFormation template`, range: { start: 0, end: 0 } });
  }
  if (format === 'json') {
    return {
      stdout: json({ vpcs: [], subnets: [], securityGroups: [], endpoints: [], unknowns: [], problems }),
      stderr: '',
      exitCode: EXIT_OK,
    };
  }
  const lines = new LineIndex(text);
  const out = problems.map((p) => {
    const at = lines.position(p.range.start);
    return `${file}:${at.line + 1}:${at.character + 1} ${p.code} ${p.message}`;
  });
  return { stdout: `No network model: the template could not be read.\n${out.join('\n')}\n`, stderr: '', exitCode: EXIT_OK };
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : s + '\n';
}
