// Reads the workspace of stacks a template belongs to, for the CLI and the language server: its cloud
// assembly (every stack artifact of the outermost `manifest.json`, nested assemblies of Stages
// included, with each stack's CDK metadata) or, for a hand-written template, the templates of its own
// folder (not subfolders); then the nested templates they name. Safety: a file is read only when its
// real path (symlinks followed) lies inside an allowed root; anything else is refused, and a nested
// template outside is STACK_OUTSIDE_WORKSPACE. Nothing is ever fetched. Open documents' text wins.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCdkManifest } from '../template/cdk-manifest';
import { looksLikeCloudFormation } from '../template/detect';
import { nestedTemplatePaths } from '../analyze/workspace/nested-paths';
import { stackNameOfFile } from '../analyze/workspace/paths';
import type { CdkMetadataEntry, WorkspaceFile, WorkspaceInput, WorkspaceStack } from '../analyze/workspace/types';

/** Same bound as `packetwalk check` and the parser. */
const MAX_BYTES = 8 * 1024 * 1024;
const TEMPLATE_EXT = /\.(ya?ml|json|template)$/i;
/** A folder of more templates than this is not read as one workspace (a corpus, not a deployment). */
const MAX_FOLDER_TEMPLATES = 200;

export interface ReaderOptions {
  /** Folders whose files may be read (workspace folders; the CLI's --workspace or current directory). */
  roots: readonly string[];
  /** Files that are readable whatever the roots (named on the command line). */
  alsoAllowed?: readonly string[];
  /** Open documents by absolute path: their text wins over the disk. */
  overrides?: ReadonlyMap<string, string>;
  /** `AWS::StackName` of hand-written templates, by absolute path or file base name. */
  stackNames?: Readonly<Record<string, string>>;
}

export interface ReadWorkspace {
  input: WorkspaceInput;
  /** Every file the workspace depends on (to watch). */
  files: string[];
  /** The cloud assembly folder, when the template belongs to one. */
  assembly?: string;
}

export function readWorkspaceOf(file: string, options: ReaderOptions): ReadWorkspace {
  const abs = path.resolve(file);
  const guard = new Guard(options);
  const files = new Map<string, WorkspaceFile>();
  const read = (p: string): WorkspaceFile => {
    const key = toKey(p);
    let entry = files.get(key);
    if (!entry) {
      entry = guard.read(p);
      files.set(key, entry);
    }
    return entry;
  };
  const assembly = outermostAssembly(abs, guard);
  let stacks: WorkspaceStack[];
  if (assembly) {
    guard.allowTree(assembly);
    stacks = assemblyStacks(assembly, guard, new Set());
  } else {
    stacks = folderStacks(path.dirname(abs), guard, options);
  }
  if (!stacks.some((s) => s.file === toKey(abs))) stacks.push({ name: stackNameOfFile(abs), file: toKey(abs) });
  // Nested templates, breadth first (a nested stack may nest again).
  const queue = stacks.map((s) => ({ file: s.file, top: s }));
  const seen = new Set<string>();
  while (queue.length) {
    const { file: f, top } = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const e = read(f);
    // Only a template that declares a nested stack names further files (a cheap test before parsing).
    if (!('text' in e) || !(e.text.includes('AWS::CloudFormation::Stack') || (f === top.file && top.cdkMetadata))) continue;
    for (const child of nestedTemplatePaths(f, e.text, f === top.file ? top : undefined)) queue.push({ file: child, top });
  }
  return { input: { stacks, files }, files: [...files.keys()], ...(assembly ? { assembly: toKey(assembly) } : {}) };
}

function toKey(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

class Guard {
  private readonly roots: string[];
  constructor(private readonly options: ReaderOptions) {
    this.roots = options.roots.map(real).filter((r): r is string => r !== undefined);
    for (const f of options.alsoAllowed ?? []) {
      const r = real(f);
      if (r) this.extra.add(r);
    }
  }
  private readonly extra = new Set<string>();

  allowTree(dir: string): void {
    const r = real(dir);
    if (r) this.roots.push(r);
  }

  /** Whether a path may be read: its real path inside a root, or named explicitly. */
  check(p: string): { ok: true; real: string } | { ok: false; code: 'STACK_OUTSIDE_WORKSPACE' | 'STACK_NOT_READ'; reason: string } {
    const abs = path.resolve(p);
    const r = real(abs);
    if (r === undefined) {
      if (!this.inside(abs)) return { ok: false, code: 'STACK_OUTSIDE_WORKSPACE', reason: `${abs} lies outside the workspace` };
      return { ok: false, code: 'STACK_NOT_READ', reason: `${abs} does not exist` };
    }
    if (this.extra.has(r) || this.inside(r)) return { ok: true, real: r };
    const how = r !== abs && this.inside(abs) ? ' (a symbolic link that leads out of it)' : '';
    return { ok: false, code: 'STACK_OUTSIDE_WORKSPACE', reason: `${abs} lies outside the workspace${how}` };
  }

  read(p: string): WorkspaceFile {
    const open = this.options.overrides?.get(path.resolve(p));
    const c = this.check(p);
    if (!c.ok) return { refused: { code: c.code, reason: c.reason } };
    if (open !== undefined) return { text: open };
    try {
      const st = fs.statSync(c.real);
      if (!st.isFile()) return { refused: { code: 'STACK_NOT_READ', reason: `${p} is not a file` } };
      if (st.size > MAX_BYTES) return { refused: { code: 'STACK_NOT_READ', reason: `${p} is larger than ${MAX_BYTES} bytes` } };
      return { text: fs.readFileSync(c.real, 'utf8').replace(/^\uFEFF/, '') };
    } catch (e) {
      return { refused: { code: 'STACK_NOT_READ', reason: `${p} could not be read: ${(e as Error).message}` } };
    }
  }

  private inside(p: string): boolean {
    return this.roots.some((root) => {
      const rel = path.relative(root, p);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
  }
}

function real(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function isAssemblyDir(dir: string, guard: Guard): boolean {
  const m = path.join(dir, 'manifest.json');
  if (!guard.check(m).ok) return false;
  try {
    const data = JSON.parse(fs.readFileSync(m, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>).artifacts === 'object';
  } catch {
    return false;
  }
}

/** The cloud assembly a template belongs to: the outermost folder up from it with an assembly manifest (a Stage's assembly sits inside the app's). */
function outermostAssembly(file: string, guard: Guard): string | undefined {
  let found: string | undefined;
  let dir = path.dirname(file);
  for (let i = 0; i < 3; i++) {
    if (isAssemblyDir(dir, guard)) found = dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return found;
}

function assemblyStacks(dir: string, guard: Guard, seen: Set<string>): WorkspaceStack[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    return [];
  }
  const manifest = readCdkManifest(text);
  const raw = safeJson(text) as { artifacts?: Record<string, { properties?: Record<string, unknown>; metadata?: unknown; additionalMetadataFile?: unknown }> };
  const out: WorkspaceStack[] = [];
  for (const s of manifest.stacks) {
    const art = raw?.artifacts?.[s.id] ?? {};
    const stack: WorkspaceStack = { name: s.id, file: toKey(path.join(dir, s.templateFile)) };
    const stackName = art.properties?.stackName;
    stack.stackName = typeof stackName === 'string' ? stackName : s.id;
    if (s.displayName) stack.displayName = s.displayName;
    const metadata: Record<string, CdkMetadataEntry[]> = {};
    if (art.metadata && typeof art.metadata === 'object') Object.assign(metadata, art.metadata);
    if (typeof art.additionalMetadataFile === 'string' && !art.additionalMetadataFile.includes('..') && !path.isAbsolute(art.additionalMetadataFile)) {
      const mf = path.join(dir, art.additionalMetadataFile);
      const e = guard.read(mf);
      if ('text' in e) {
        const m = safeJson(e.text);
        if (m && typeof m === 'object' && !Array.isArray(m)) Object.assign(metadata, m);
      }
    }
    stack.cdkMetadata = metadata;
    out.push(stack);
  }
  for (const n of manifest.nestedAssemblies) out.push(...assemblyStacks(path.join(dir, n.directory), guard, seen));
  return out;
}

function folderStacks(dir: string, guard: Guard, options: ReaderOptions): WorkspaceStack[] {
  if (!guard.check(dir).ok) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => TEMPLATE_EXT.test(n) && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  if (names.length > MAX_FOLDER_TEMPLATES) return [];
  const out: WorkspaceStack[] = [];
  for (const n of names) {
    const p = path.join(dir, n);
    const e = guard.read(p);
    const text = options.overrides?.get(p) ?? ('text' in e ? e.text : undefined);
    if (text === undefined || !looksLikeCloudFormation(text.slice(0, 64 * 1024))) continue;
    const stack: WorkspaceStack = { name: stackNameOfFile(n), file: toKey(p) };
    const given = options.stackNames?.[p] ?? options.stackNames?.[n];
    if (given !== undefined) stack.stackName = given;
    out.push(stack);
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
