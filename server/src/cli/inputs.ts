// Reading what every command needs: the one template file (`trace`, `model`) and the parameter values
// from `--parameters` and `--param`. Missing or unreadable files are usage errors (exit 2).
import * as fs from 'node:fs';
import { UsageError } from './errors';
import type { ParsedArgs } from './args';
import { mergeParameters, parseParamFlags, parseParametersFile } from './parameters';
import { readTemplateFile } from './collect';
import { stripBom } from './positions';

export function readParameters(args: ParsedArgs): Record<string, string> {
  const file = args.flags.get('parameters');
  let fromFile: Record<string, string> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`--parameters ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    fromFile = parseParametersFile(text, file);
  }
  return mergeParameters(fromFile, parseParamFlags(args.params));
}

/** The single `<template>` positional of `trace` and `model`, read and BOM-stripped. */
export function readSingleTemplate(args: ParsedArgs, command: string): { file: string; text: string } {
  if (args.positionals.length === 0) throw new UsageError(`${command} needs a <template> file`);
  if (args.positionals.length > 1) throw new UsageError(`${command} takes one <template>, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  const file = args.positionals[0];
  const read = readTemplateFile(file);
  if (read.error !== undefined) throw new UsageError(read.error);
  if (read.tooLarge !== undefined) throw new UsageError(`${file}: ${read.tooLarge} bytes is above the 8 MiB limit`);
  return { file, text: stripBom(read.text ?? '') };
}
