// The layer rules of docs/architecture.md as code: which folder a source file belongs to, which layers
// it may import from, and which packages the engine must never load. Read by layers.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type Layer =
  | 'net' | 'template' | 'model' | 'walk' | 'analyze' | 'review' | 'usecases' | 'features'
  | 'files' | 'cli' | 'cdk' | 'lsp/main' | 'lsp/jobs' | 'lsp/connection' | 'lsp/worker' | 'shared' | 'client';

/** Engine layers, lowest first: each may import only the layers before it. */
export const ENGINE: readonly Layer[] = ['net', 'template', 'model', 'walk', 'analyze', 'review', 'usecases', 'features'];

/** What each front-end layer may import (besides itself and `shared`). */
const FRONT: Partial<Record<Layer, readonly Layer[]>> = {
  // Reading files (inside the workspace only) for the front ends: the one place besides them with I/O.
  files: ENGINE,
  cli: [...ENGINE, 'files'],
  // The CDK validation plugin (dist/cdk.js) reads files and names the tool as the CLI does, through files/.
  cdk: [...ENGINE, 'files'],
  'lsp/worker': [...ENGINE, 'lsp/jobs', 'files'],
  // The connection thread loads no engine code but the input reader, the refusal wording and the
  // template sniff (runtime imports); any other engine import there must be `import type`.
  'lsp/connection': ['lsp/jobs', 'files'],
  'lsp/jobs': [],
  'lsp/main': ['lsp/connection', 'lsp/worker'],
  client: [],
  shared: [],
};

/** Engine files the connection thread may load at runtime (cheap, no analysis). */
export const CONNECTION_RUNTIME_ALLOWED = [
  'server/src/usecases/inputs.ts',
  'server/src/usecases/trace-refusal.ts',
  'server/src/template/detect.ts',
  'server/src/analyze/workspace/reaches-other-stacks.ts',
];

/** Packages and Node modules the engine must not import: no editor API, no I/O, no threads, no processes. */
const ENGINE_FORBIDDEN = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|https|dns|tls|dgram))$/;

export function layerOf(repoPath: string): Layer | undefined {
  const p = repoPath.split(sep).join('/');
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('client/src/')) return 'client';
  if (p === 'server/src/lsp/main.ts') return 'lsp/main';
  if (p === 'server/src/lsp/jobs.ts') return 'lsp/jobs';
  if (p.startsWith('server/src/lsp/connection/')) return 'lsp/connection';
  if (p.startsWith('server/src/lsp/worker/')) return 'lsp/worker';
  if (p.startsWith('server/src/cli/')) return 'cli';
  if (p.startsWith('server/src/files/')) return 'files';
  if (p.startsWith('server/src/cdk/')) return 'cdk';
  const m = /^server\/src\/([^/]+)\//.exec(p);
  return m && (ENGINE as readonly string[]).includes(m[1]) ? (m[1] as Layer) : undefined;
}

export interface ImportRef {
  file: string;
  spec: string;
  typeOnly: boolean;
}

/** Every import, export-from and require of a source text (comments left out). */
export function importsOf(text: string, file: string): ImportRef[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: ImportRef[] = [];
  const re = /\b(import|export)\s+(type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const spec = m[3] ?? m[4];
    const all = m[0];
    // `import { type A, type B } from` is type-only as well when every name is a type.
    const names = /\{([^}]*)\}/.exec(all)?.[1];
    const everyNameTyped = names !== undefined && names.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    out.push({ file, spec, typeOnly: Boolean(m[2]) || everyNameTyped });
  }
  return out;
}

export interface Violation {
  file: string;
  spec: string;
  why: string;
}

/** The rule broken by one import of `file` (repo-relative), or null. */
export function checkImport(root: string, ref: ImportRef): Violation | null {
  const from = layerOf(ref.file);
  if (!from) return null;
  const broken = (why: string): Violation => ({ file: ref.file, spec: ref.spec, why });
  if (!ref.spec.startsWith('.')) {
    if ((ENGINE as readonly string[]).includes(from) && ENGINE_FORBIDDEN.test(ref.spec)) return broken(`the engine (${from}) must not import ${ref.spec}`);
    if (from === 'shared') return broken('shared/ holds protocol types only and imports no package');
    return null;
  }
  const resolved = relative(root, resolve(root, dirname(ref.file), ref.spec)).split(sep).join('/');
  // The tool's name and version come from package.json, read in one place (esbuild inlines it).
  if (resolved === 'package.json') return ref.file === 'server/src/files/meta.ts' ? null : broken("only files/meta.ts reads package.json (the tool's name and version)");
  const target = resolved + '.ts';
  const to = layerOf(target);
  if (!to) return broken(`imports ${target}, which belongs to no layer`);
  if (to === from || to === 'shared') return null;
  if (from === 'shared') return broken('shared/ must not import anything but protocol types');
  if (from === 'client') return broken(`the client imports only shared/ (got ${to})`);
  if ((ENGINE as readonly string[]).includes(from)) {
    const allowed = ENGINE.slice(0, ENGINE.indexOf(from));
    return allowed.includes(to) ? null : broken(`${from} may import only ${allowed.join(', ') || 'nothing of the server'} (got ${to})`);
  }
  if (from === 'lsp/connection' && (ENGINE as readonly string[]).includes(to)) {
    return ref.typeOnly || CONNECTION_RUNTIME_ALLOWED.includes(target) ? null : broken(`the connection thread must not load engine code (${target}); ask a worker, or import type`);
  }
  if (from === 'lsp/jobs' && (ENGINE as readonly string[]).includes(to)) {
    return ref.typeOnly ? null : broken('the job messages are types only');
  }
  const allowed = FRONT[from] ?? [];
  return allowed.includes(to) ? null : broken(`${from} may not import ${to}`);
}

export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push(relative(root, p));
    }
  };
  for (const d of ['server/src', 'client/src', 'shared']) walk(join(root, d));
  return out;
}

export function violations(root: string): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles(root)) {
    for (const ref of importsOf(readFileSync(join(root, file), 'utf8'), file)) {
      const v = checkImport(root, ref);
      if (v) out.push(v);
    }
  }
  return out;
}
