// The workspace every command reads in: `--workspace DIR`, or the current directory. Files named on the
// command line, and the cloud assembly they belong to, are readable whatever the workspace; nothing
// else outside it is (see files/workspace-reader). A template is analysed with the stacks it reaches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedArgs } from './args';
import { UsageError } from './errors';
import { readWorkspaceOf } from '../files/workspace-reader';
import { analyzeInWorkspace, type WorkspaceAnalyzeOptions } from '../analyze/workspace/analyze-workspace';
import type { WorkspaceAnalysis } from '../analyze/workspace/types';
import { readStackNames } from '../usecases/inputs';

export interface CliWorkspace {
  roots: string[];
  /** Paths named on the command line (files, and folders whose files are then readable). */
  named: string[];
  /** `--stack-name FILE=NAME`: the `AWS::StackName` of hand-written templates, by base name and by absolute path. */
  stackNames?: Record<string, string>;
}

export function workspaceFromArgs(args: ParsedArgs): CliWorkspace {
  const dir = args.flags.get('workspace');
  if (dir !== undefined) {
    let ok = false;
    try {
      ok = fs.statSync(dir).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--workspace ${dir}: not a directory`);
  }
  const named = args.positionals.map((p) => path.resolve(p));
  const roots = [path.resolve(dir ?? process.cwd())];
  for (const p of named) {
    try {
      if (fs.statSync(p).isDirectory()) roots.push(p);
    } catch {
      // reported by the command itself
    }
  }
  return { roots, named, stackNames: stackNamesFromArgs(args.lists.get('stack-name') ?? []) };
}

function stackNamesFromArgs(items: readonly string[]): Record<string, string> {
  const read = readStackNames(items);
  if (read.problems.length > 0) throw new UsageError(`--stack-name ${read.problems[0].given}: ${read.problems[0].message}`);
  const out: Record<string, string> = {};
  for (const [file, name] of Object.entries(read.value ?? {})) {
    // `network.yaml=prod-net` names that file in whichever folder; a path names the one file.
    out[file] = name;
    out[path.resolve(file)] = name;
  }
  return out;
}

export interface CliAnalysis {
  analysis: WorkspaceAnalysis;
  /** The text of every file of the workspace that was read, by absolute `/` path (for line numbers). */
  texts: Map<string, string>;
}

export function analyzeCliFile(file: string, text: string, ws: CliWorkspace, options: WorkspaceAnalyzeOptions): CliAnalysis {
  const abs = path.resolve(file);
  const read = readWorkspaceOf(abs, { roots: ws.roots, alsoAllowed: ws.named, overrides: new Map([[abs, text]]), ...(ws.stackNames ? { stackNames: ws.stackNames } : {}) });
  const key = abs.split(path.sep).join('/');
  const analysis = analyzeInWorkspace(key, text, read.input, options);
  const texts = new Map<string, string>();
  for (const [f, e] of read.input.files) if ('text' in e) texts.set(f, e.text);
  texts.set(key, text);
  return { analysis, texts };
}

/** A path of another file, shown the way the user wrote the analysed one (absolute, or relative to the current directory). */
export function displayPath(abs: string, like: string): string {
  const native = abs.split('/').join(path.sep);
  if (path.isAbsolute(like)) return native;
  const rel = path.relative(process.cwd(), native);
  return rel.startsWith('..') ? native : rel;
}
