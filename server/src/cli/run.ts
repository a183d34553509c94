// Runs one command line to completion and returns what to print and the exit code; main.ts only
// wires this to the process. `guard` is the one place that turns an escaped exception into exit 2.
import { runCheck } from './check';
import { applyBaseline, readBaseline, writeBaseline } from './baseline';
import { runDiff } from './diff';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { checkSarif } from './format/sarif';
import { checkText } from './format/check-text';
import { readParameters } from './inputs';
import { choice, parseArgs, type ParsedArgs } from './args';
import { TOOL_VERSION } from '../files/meta';
import { runModel } from './model';
import { json, type CommandOutput } from './output';
import { runTrace } from './trace';
import { runExposure } from './exposure';
import { usage } from './usage';
import { walkSettingsFromArgs } from './walk-settings';
import { workspaceFromArgs } from './workspace';

function check(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('check needs at least one <file|dir>');
  const parameters = readParameters(args);
  const walk = walkSettingsFromArgs(args);
  const outcome = runCheck(args.positionals, { parameters, strict: args.booleans.has('strict'), walk, workspace: workspaceFromArgs(args), implied: !args.booleans.has('no-implied') });
  const writeTo = args.flags.get('write-baseline');
  if (writeTo !== undefined) {
    // Adopting the tool: record today's findings, report nothing, succeed (I/O errors still exit 2).
    const written = writeBaseline(writeTo, outcome.findings);
    const stderr = outcome.ioErrors.map((e) => `packetwalk: ${e}\n`).join('');
    return { stdout: `wrote ${written} finding${written === 1 ? '' : 's'} to the baseline ${writeTo}\n`, stderr, exitCode: outcome.ioErrors.length > 0 ? EXIT_USAGE : EXIT_OK };
  }
  const baselineFile = args.flags.get('baseline');
  if (baselineFile !== undefined) {
    const filtered = applyBaseline(outcome.findings, readBaseline(baselineFile));
    outcome.findings = filtered.findings;
    outcome.baselineHidden = filtered.hidden;
    if (outcome.exitCode !== EXIT_USAGE) outcome.exitCode = outcome.findings.some((f) => f.severity === 'error') ? EXIT_FAIL : EXIT_OK;
  }
  const stdout =
    format === 'json'
      ? // The JSON finding keeps its documented shape (docs/architecture.md); quick fixes go to SARIF and text.
        json({ findings: outcome.findings.map(({ fixes: _fixes, ...f }) => f) })
      : format === 'sarif'
        ? json(checkSarif(outcome.findings, process.cwd()))
        : checkText(outcome.findings, outcome.filesChecked, outcome.baselineHidden);
  const stderr = outcome.ioErrors.map((e) => `packetwalk: ${e}\n`).join('');
  return { stdout, stderr, exitCode: outcome.exitCode };
}

export function run(argv: readonly string[]): CommandOutput {
  const args = parseArgs(argv);
  if (args.help) return { stdout: usage(args.command), stderr: '', exitCode: EXIT_OK };
  if (args.version) return { stdout: `${TOOL_VERSION}\n`, stderr: '', exitCode: EXIT_OK };
  switch (args.command) {
    case 'trace':
      return runTrace(args);
    case 'model':
      return runModel(args);
    case 'check':
      return check(args);
    case 'diff':
      return runDiff(args);
    case 'exposure':
      return runExposure(args);
    default:
      return { stdout: '', stderr: usage(null), exitCode: EXIT_USAGE };
  }
}

/** Runs `fn`; a UsageError or any unexpected exception becomes one line on stderr and exit code 2. */
export function guard(fn: () => CommandOutput, debug: boolean): CommandOutput {
  try {
    return fn();
  } catch (e) {
    const message = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    const hint = e instanceof UsageError ? "\nRun 'packetwalk --help' for usage." : ' (set PACKETWALK_DEBUG=1 for details)';
    const out = { stdout: '', stderr: `packetwalk: ${message}${hint}\n`, exitCode: EXIT_USAGE };
    if (debug && e instanceof Error && e.stack) out.stderr += e.stack + '\n';
    return out;
  }
}
