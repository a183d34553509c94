// `packetwalk diff <old> <new>` and `packetwalk diff --base <git-ref> [<file|dir>...]`: what a change does to
// the network. Templates are paired (two files; two directories by relative path; with --base, each
// template of the working tree with its text at the ref, plus the templates deleted since), compared with
// the engine's comparison, and printed as text, JSON or markdown (for pull-request comments).
// Exit 1 when a flow went from reachable to blocked (breakage) or from blocked to reachable (exposure),
// unless --allow-breakage / --allow-exposure accept that kind of change; 2 for usage and I/O errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FlowChange, ReachabilityDiff, ResourceChange } from '../../../shared/protocol';
import { isBreakage, isExposure } from '../analyze/diff/flow-changes';
import { looksLikeCloudFormation } from '../template/detect';
import { compareTexts } from '../review/compare';
import { choice, type ParsedArgs } from './args';
import { collectTargets, readTemplateFile } from './collect';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { diffMarkdown } from '../review/diff-markdown';
import { diffText } from './format/diff-text';
import { readParameters } from './inputs';
import { json, type CommandOutput } from './output';
import { stripBom } from './positions';
import { walkSettingsFromArgs } from './walk-settings';
import { checkRef, deletedSince, repositoryRoot, showAt } from './git';

/** One template on both sides; a side is null when the template does not exist there. */
interface Pair {
  file: string;
  before: string | null;
  after: string | null;
}

function readSide(file: string, ioErrors: string[]): string | null {
  const r = readTemplateFile(file);
  if (r.error !== undefined) {
    ioErrors.push(r.error);
    return null;
  }
  if (r.tooLarge !== undefined) {
    ioErrors.push(`${file}: ${r.tooLarge} bytes is above the 8 MiB limit`);
    return null;
  }
  return stripBom(r.text ?? '');
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Templates of a directory, by their path relative to it (slashes, so both sides compare equal). */
function templatesIn(dir: string, ioErrors: string[]): Map<string, string> {
  const c = collectTargets([dir]);
  ioErrors.push(...c.ioErrors);
  const out = new Map<string, string>();
  for (const t of c.targets) out.set(path.relative(dir, t.file).split(path.sep).join('/'), t.file);
  return out;
}

function pairsOfPaths(oldPath: string, newPath: string, ioErrors: string[]): Pair[] {
  const oldDir = isDirectory(oldPath);
  const newDir = isDirectory(newPath);
  if (oldDir !== newDir) throw new UsageError(`diff compares two files or two directories; ${oldDir ? oldPath : newPath} is a directory and the other is not`);
  if (!oldDir) {
    for (const p of [oldPath, newPath]) if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
    return [{ file: newPath, before: readSide(oldPath, ioErrors), after: readSide(newPath, ioErrors) }];
  }
  const olds = templatesIn(oldPath, ioErrors);
  const news = templatesIn(newPath, ioErrors);
  const names = [...new Set([...news.keys(), ...olds.keys()])].sort();
  return names.map((name) => ({
    file: name,
    before: olds.has(name) ? readSide(olds.get(name)!, ioErrors) : null,
    after: news.has(name) ? readSide(news.get(name)!, ioErrors) : null,
  }));
}

function pairsAgainstRef(ref: string, paths: readonly string[], ioErrors: string[]): Pair[] {
  const cwd = process.cwd();
  const root = repositoryRoot(cwd);
  checkRef(ref, cwd);
  const toRepo = (p: string) => path.relative(root, path.resolve(cwd, p)).split(path.sep).join('/');
  const pairs: Pair[] = [];
  const collected = collectTargets(paths);
  ioErrors.push(...collected.ioErrors);
  for (const t of collected.targets) {
    const after = readSide(t.file, ioErrors);
    const before = showAt(ref, toRepo(t.file), cwd);
    pairs.push({ file: t.file, before: before === null ? null : stripBom(before), after });
  }
  for (const repoPath of deletedSince(ref, paths, cwd)) {
    const before = showAt(ref, repoPath, cwd);
    if (before === null || !looksLikeCloudFormation(before)) continue;
    pairs.push({ file: path.relative(cwd, path.join(root, repoPath)), before: stripBom(before), after: null });
  }
  return pairs;
}

export function runDiff(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json', 'markdown'] as const, 'text');
  const base = args.flags.get('base');
  const ioErrors: string[] = [];
  let pairs: Pair[];
  if (base !== undefined) {
    pairs = pairsAgainstRef(base, args.positionals.length > 0 ? args.positionals : ['.'], ioErrors);
  } else {
    if (args.positionals.length !== 2) throw new UsageError('diff needs <old> and <new> (two files or two directories), or --base <git-ref>');
    pairs = pairsOfPaths(args.positionals[0]!, args.positionals[1]!, ioErrors);
  }
  const options = { parameters: readParameters(args), walk: walkSettingsFromArgs(args) };
  const several = pairs.length > 1;
  const diff: ReachabilityDiff = { resources: [], flows: [] };
  for (const p of pairs) {
    const d = compareTexts(p.before, p.after, options);
    const tag = <T extends FlowChange | ResourceChange>(x: T): T => (several ? { ...x, file: p.file } : x);
    diff.resources.push(...d.resources.map(tag));
    diff.flows.push(...d.flows.map(tag));
  }
  const label = base !== undefined ? { before: base, after: 'working tree' } : { before: args.positionals[0]!, after: args.positionals[1]! };
  const stdout = format === 'json' ? json(diff) : format === 'markdown' ? diffMarkdown(diff, label) : diffText(diff, label);
  const failing = diff.flows.filter(
    (c) => (isBreakage(c) && !args.booleans.has('allow-breakage')) || (isExposure(c) && !args.booleans.has('allow-exposure')),
  );
  const exitCode = ioErrors.length > 0 ? EXIT_USAGE : failing.length > 0 ? EXIT_FAIL : EXIT_OK;
  return { stdout, stderr: ioErrors.map((e) => `packetwalk: ${e}\n`).join(''), exitCode };
}
