// `packetwalk model <template>`: prints what the engine believes the network is (modelView / modelText),
// so a user can see which values were resolved and which stayed unknown, with the other stacks it reaches. Exit 0, or 1 when the text does
// not parse (2 for usage errors); a template that does not parse still prints what could be read, with
// its parse problems listed first.
import { modelText, modelView } from '../model/view';
import { choice, type ParsedArgs } from './args';
import { EXIT_FAIL, EXIT_OK } from './errors';
import { readParameters, readSingleTemplate } from './inputs';
import { json, type CommandOutput } from './output';
import { LineIndex } from './positions';
import { analyzeCliFile, workspaceFromArgs } from './workspace';

export function runModel(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const parameters = readParameters(args);
  const { file, text } = readSingleTemplate(args, 'model');
  // With the stacks the template reaches (imports, nested stacks, its cloud assembly): their resources are
  // part of the network this template's resources sit in, named `<stack>/<LogicalId>`.
  const { analysis } = analyzeCliFile(file, text, workspaceFromArgs(args), { parameters });
  // A syntax error means part of the text was not read: the view shows what was, after the parse problems.
  const parseErrors = analysis.parse.problems.filter((p) => p.severity === 'error');
  const exitCode = parseErrors.length > 0 ? EXIT_FAIL : EXIT_OK;
  if (analysis.model) {
    const model = parseErrors.length > 0 ? { ...analysis.model, problems: [...analysis.parse.problems, ...analysis.model.problems] } : analysis.model;
    return { stdout: format === 'json' ? json(modelView(model)) : ensureNewline(modelText(model)), stderr: '', exitCode };
  }
  const problems = analysis.parse.problems.map((p) => ({ code: p.code, message: p.message, range: p.range }));
  if (!analysis.isTemplate && problems.length === 0) {
    problems.push({ code: 'NOT_A_TEMPLATE', message: `${file} is not a CloudFormation template`, range: { start: 0, end: 0 } });
  }
  if (format === 'json') {
    return {
      stdout: json({ vpcs: [], subnets: [], securityGroups: [], endpoints: [], unknowns: [], problems }),
      stderr: '',
      exitCode,
    };
  }
  const lines = new LineIndex(text);
  const out = problems.map((p) => {
    const at = lines.position(p.range.start);
    return `${file}:${at.line + 1}:${at.character + 1} ${p.code} ${p.message}`;
  });
  return { stdout: `No network model: the template could not be read.\n${out.join('\n')}\n`, stderr: '', exitCode };
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : s + '\n';
}
