// Which files `packetwalk check` looks at. Files named on the command line are always checked.
// Directories are walked (sorted, so output is stable): `node_modules` and dot-folders are skipped,
// `.yaml/.yml/.json/.template` files are checked when they look like CloudFormation, and a CDK cloud
// assembly (a folder with a `manifest.json` listing stack artifacts, e.g. `cdk.out`) contributes exactly
// the stack templates its manifest names — resolved inside that folder only — instead of every JSON in it.
// Symbolic links are followed only while they stay inside the root they were found under.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeCloudFormation } from '../template/detect';
import { readCdkManifest } from '../template/cdk-manifest';

/** Files above this size are not parsed: they become an INPUT_TOO_LARGE finding (matches the parser's own limit). */
import { MAX_FILE_BYTES } from '../files/template-file';
export { MAX_FILE_BYTES };
/** How much of a file is read to decide whether it looks like CloudFormation. */
const SNIFF_BYTES = 64 * 1024;
const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);

export interface Target {
  /** The path as shown to the user (built from the argument they gave). */
  file: string;
  /** Set when the file came from a cloud assembly manifest: the stack id. */
  stack?: string;
}

/** A problem with the inputs that is reported as a finding on a file (not an I/O failure). */
export interface InputFinding {
  file: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface Collected {
  targets: Target[];
  findings: InputFinding[];
  /** Missing or unreadable paths: exit code 2. */
  ioErrors: string[];
}

function isCloudAssemblyManifest(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return false;
    const data = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>).artifacts === 'object';
  } catch {
    return false;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function sniff(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export function collectTargets(roots: readonly string[]): Collected {
  const out: Collected = { targets: [], findings: [], ioErrors: [] };
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();

  const addTarget = (display: string, real: string, stack?: string): void => {
    if (seen.has(real)) return;
    seen.add(real);
    out.targets.push(stack === undefined ? { file: display } : { file: display, stack });
  };

  const readManifest = (dirDisplay: string, dirReal: string): void => {
    const manifestDisplay = path.join(dirDisplay, 'manifest.json');
    let text: string;
    try {
      text = fs.readFileSync(path.join(dirReal, 'manifest.json'), 'utf8');
    } catch (e) {
      out.ioErrors.push(`${manifestDisplay}: ${(e as Error).message}`);
      return;
    }
    const manifest = readCdkManifest(text.replace(/^\uFEFF/, ''));
    for (const p of manifest.problems) {
      out.findings.push({ file: manifestDisplay, code: 'CDK_MANIFEST_INVALID', severity: 'warning', message: p });
    }
    for (const stack of manifest.stacks) {
      const display = path.join(dirDisplay, stack.templateFile);
      const candidate = path.resolve(dirReal, stack.templateFile);
      let real: string;
      try {
        real = fs.realpathSync(candidate);
      } catch {
        out.findings.push({
          file: manifestDisplay,
          code: 'CDK_MANIFEST_INVALID',
          severity: 'error',
          message: `stack ${stack.id}: template file ${stack.templateFile} does not exist (run cdk synth again)`,
        });
        continue;
      }
      // The manifest reader rejects absolute and `..` paths; a symlink could still point outside.
      if (!isInside(real, dirReal)) {
        out.findings.push({
          file: manifestDisplay,
          code: 'CDK_MANIFEST_INVALID',
          severity: 'warning',
          message: `stack ${stack.id}: template file ${stack.templateFile} resolves outside the cloud assembly; not checked`,
        });
        continue;
      }
      addTarget(display, real, stack.id);
    }
    // A Stage synthesizes a nested cloud assembly of its own (cdk.out/assembly-<Stage>).
    for (const nested of manifest.nestedAssemblies) {
      const sub = path.resolve(dirReal, nested.directory);
      let real: string;
      try {
        real = fs.realpathSync(sub);
      } catch {
        continue;
      }
      if (isInside(real, dirReal) && isCloudAssemblyManifest(path.join(real, 'manifest.json'))) readManifest(path.join(dirDisplay, nested.directory), real);
    }
  };

  const walk = (dirDisplay: string, dirReal: string, rootReal: string): void => {
    if (visitedDirs.has(dirReal)) return;
    visitedDirs.add(dirReal);
    if (isCloudAssemblyManifest(path.join(dirReal, 'manifest.json'))) {
      readManifest(dirDisplay, dirReal);
      return;
    }
    let names: string[];
    try {
      names = fs.readdirSync(dirReal).sort();
    } catch (e) {
      out.ioErrors.push(`${dirDisplay}: ${(e as Error).message}`);
      return;
    }
    // Plain entries first, then symbolic links: a file reachable both ways is shown under its own name.
    const entries: Array<{ name: string; link: boolean }> = [];
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      let link = false;
      try {
        link = fs.lstatSync(path.join(dirReal, name)).isSymbolicLink();
      } catch {
        continue; // removed meanwhile
      }
      entries.push({ name, link });
    }
    entries.sort((a, b) => Number(a.link) - Number(b.link));
    for (const { name, link } of entries) {
      const display = path.join(dirDisplay, name);
      let real = path.join(dirReal, name);
      let st: fs.Stats;
      try {
        if (link) {
          real = fs.realpathSync(real);
          if (!isInside(real, rootReal)) continue;
        }
        st = fs.statSync(real);
      } catch {
        continue; // a dangling link or a file removed meanwhile: nothing to check
      }
      if (st.isDirectory()) {
        walk(display, real, rootReal);
      } else if (st.isFile() && TEMPLATE_EXTENSIONS.has(path.extname(name).toLowerCase())) {
        try {
          if (looksLikeCloudFormation(sniff(real))) addTarget(display, real);
        } catch (e) {
          out.ioErrors.push(`${display}: ${(e as Error).message}`);
        }
      }
    }
  };

  for (const root of roots) {
    let real: string;
    let st: fs.Stats;
    try {
      real = fs.realpathSync(root);
      st = fs.statSync(real);
    } catch {
      out.ioErrors.push(`${root}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) {
      walk(root, real, real);
    } else if (path.basename(real) === 'manifest.json' && isCloudAssemblyManifest(real)) {
      readManifest(path.dirname(root), path.dirname(real));
    } else {
      addTarget(root, real);
    }
  }
  return out;
}

export { readTemplateFile, type ReadResult } from '../files/template-file';
