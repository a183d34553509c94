// Hand-written argument parsing (no dependency): one pass over argv that splits positionals from flags,
// accepts both `--flag value` and `--flag=value`, and rejects anything a command does not know, so a
// typo in CI fails loudly (exit 2) instead of silently tracing the wrong thing.
import { UsageError } from './errors';

export type Command = 'trace' | 'check' | 'model' | 'diff' | 'exposure';
export const COMMANDS: readonly Command[] = ['trace', 'check', 'model', 'diff', 'exposure'];

export interface ParsedArgs {
  command: Command | null;
  positionals: string[];
  /** Single-valued flags, last one wins. */
  flags: Map<string, string>;
  /** `--param Name=Value`, in order (later ones win when merged). */
  params: string[];
  /** Other repeatable flags (`--public-ip`), every value in order. */
  lists: Map<string, string[]>;
  booleans: Set<string>;
  help: boolean;
  version: boolean;
}

/** Flags that take a value, per command. `--param` is collected separately because it repeats. */
const VALUE_FLAGS: Record<Command, readonly string[]> = {
  trace: ['from', 'to', 'protocol', 'port', 'source-port', 'source-ip', 'ip-version', 'parameters', 'format', 'ephemeral', 'workspace'],
  check: ['parameters', 'format', 'ephemeral', 'baseline', 'write-baseline', 'workspace'],
  model: ['parameters', 'format', 'workspace'],
  diff: ['parameters', 'format', 'ephemeral', 'base', 'workspace'],
  exposure: ['parameters', 'format', 'workspace'],
};
/** Flags that take a value and may repeat (every value kept), per command. */
const LIST_FLAGS: Record<Command, readonly string[]> = {
  trace: ['public-ip', 'stack-name'],
  check: ['public-ip', 'stack-name'],
  model: ['stack-name'],
  diff: ['public-ip'],
  exposure: ['public-ip', 'stack-name'],
};
const BOOLEAN_FLAGS: Record<Command, readonly string[]> = {
  trace: [],
  check: ['strict', 'no-implied'],
  model: [],
  diff: ['allow-breakage', 'allow-exposure'],
  exposure: [],
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = {
    command: null,
    positionals: [],
    flags: new Map(),
    params: [],
    lists: new Map(),
    booleans: new Set(),
    help: false,
    version: false,
  };
  let i = 0;
  let onlyPositionals = false;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-')) {
    if (first === 'help') {
      out.help = true;
      i = 1;
      const topic = argv[1];
      if (topic && (COMMANDS as readonly string[]).includes(topic)) out.command = topic as Command;
      return out;
    }
    if (!(COMMANDS as readonly string[]).includes(first)) {
      throw new UsageError(`unknown command '${first}' (expected one of: ${COMMANDS.join(', ')})`);
    }
    out.command = first as Command;
    i = 1;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      out.version = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (out.command === null) throw new UsageError(`option '--${name}' needs a command first (${COMMANDS.join(', ')})`);
    const repeats = LIST_FLAGS[out.command].includes(name);
    const takesValue = name === 'param' || repeats || VALUE_FLAGS[out.command].includes(name);
    if (!takesValue) {
      if (BOOLEAN_FLAGS[out.command].includes(name)) {
        if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
        out.booleans.add(name);
        continue;
      }
      throw new UsageError(`unknown option '--${name}' for '${out.command}'`);
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '--${name}' needs a value`);
      value = argv[++i];
    }
    if (name === 'param') out.params.push(value);
    else if (repeats) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else out.flags.set(name, value);
  }
  return out;
}

/** Reads an enumerated flag, with its default. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`invalid value '${v}' for --${name} (expected one of: ${allowed.join(', ')})`);
  }
  return v as T;
}
