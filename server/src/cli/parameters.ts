// Template parameter values from the command line: `--parameters <file>` (read by the one parameters
// reader, usecases/inputs.ts, which the editor's `packetwalk.parametersFile` uses too) and
// `--param Name=Value`, which wins over the file. Any problem is a usage error. Pure: the caller reads the file.
import { readParameterAssignments, readParametersFile } from '../usecases/inputs';
import { UsageError } from './errors';

/** Parses a parameters file's text. `name` is only used in messages. */
export function parseParametersFile(text: string, name: string): Record<string, string> {
  const r = readParametersFile(text);
  if (r.problems.length > 0) throw new UsageError(`${name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.value ?? Object.create(null);
}

/** Parses `--param Name=Value` arguments (split at the first '='; the value may be empty or contain '='). */
export function parseParamFlags(items: readonly string[]): Record<string, string> {
  const r = readParameterAssignments(items);
  if (r.problems.length > 0) throw new UsageError(`--param expects Name=Value, got '${r.problems[0].given}'`);
  return r.value ?? Object.create(null);
}

/** The file's values overridden by the flags. */
export function mergeParameters(fromFile: Record<string, string>, fromFlags: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null), fromFile, fromFlags);
}
