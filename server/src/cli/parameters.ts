// Template parameter values from the command line: `--parameters <file>` in either of the two shapes
// people already have on disk — the `aws cloudformation create-stack --parameters file://…` list
// `[{"ParameterKey": "A", "ParameterValue": "x"}]`, or the `{"Parameters": {"A": "x"}}` object of
// CodePipeline template-configuration files — and `--param Name=Value`, which wins over the file.
// Pure: the caller reads the file.
import { UsageError } from './errors';

function asParameterString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // CommaDelimitedList / List<…> parameters are passed to CloudFormation as one comma-joined string.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  throw new UsageError(`${where}: parameter values must be strings`);
}

/** Parses a parameters file's text. `name` is only used in messages. */
export function parseParametersFile(text: string, name: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  const out: Record<string, string> = Object.create(null);
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || typeof (item as Record<string, unknown>).ParameterKey !== 'string') {
        throw new UsageError(`${name}: item ${i} needs a "ParameterKey" string`);
      }
      const rec = item as Record<string, unknown>;
      // UsePreviousValue has no previous value before deploy: the parameter keeps its template default.
      if (rec.UsePreviousValue === true && rec.ParameterValue === undefined) return;
      if (rec.ParameterValue === undefined) throw new UsageError(`${name}: item ${i} (${rec.ParameterKey}) has no "ParameterValue"`);
      out[rec.ParameterKey as string] = asParameterString(rec.ParameterValue, `${name}: ${rec.ParameterKey}`);
    });
    return out;
  }
  if (typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>).Parameters === 'object') {
    const params = (data as Record<string, unknown>).Parameters;
    if (params === null || Array.isArray(params)) throw new UsageError(`${name}: "Parameters" must be an object of names to values`);
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) out[k] = asParameterString(v, `${name}: ${k}`);
    return out;
  }
  throw new UsageError(
    `${name}: expected a list of {"ParameterKey","ParameterValue"} or an object {"Parameters": {...}}`,
  );
}

/** Parses `--param Name=Value` arguments (split at the first '='; the value may be empty or contain '='). */
export function parseParamFlags(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects Name=Value, got '${item}'`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The file's values overridden by the flags. */
export function mergeParameters(fromFile: Record<string, string>, fromFlags: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null), fromFile, fromFlags);
}
