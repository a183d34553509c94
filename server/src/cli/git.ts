// The few git questions `packetwalk diff --base <ref>` asks: where the repository is, a file's text at a
// ref, and which files under some paths the working tree no longer has. git runs with an argument list
// (no shell), in the current directory; its failures become usage errors (exit 2) with git's own words.
import { spawnSync } from 'node:child_process';
import { UsageError } from './errors';

function git(args: string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new UsageError(`--base needs git: ${r.error.message}`);
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').trim() };
}

export function repositoryRoot(cwd: string): string {
  const r = git(['rev-parse', '--show-toplevel'], cwd);
  if (!r.ok) throw new UsageError(`--base: not inside a git repository (${r.stderr || 'git rev-parse failed'})`);
  return r.stdout.trim();
}

export function checkRef(ref: string, cwd: string): void {
  if (ref.startsWith('-')) throw new UsageError(`--base: '${ref}' is not a git reference`);
  const r = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  if (!r.ok) throw new UsageError(`--base: unknown git reference '${ref}'`);
}

/** The file's text at `ref` (path relative to the repository root, with slashes), or null when it is not there. */
export function showAt(ref: string, repoPath: string, cwd: string): string | null {
  const r = git(['show', `${ref}:${repoPath}`], cwd);
  return r.ok ? r.stdout : null;
}

/** Files under `paths` (relative to cwd) that exist at `ref` but not in the working tree, relative to the root. */
export function deletedSince(ref: string, paths: readonly string[], cwd: string): string[] {
  const r = git(['diff', '--name-only', '--no-renames', '--diff-filter=D', ref, '--', ...paths], cwd);
  return r.ok ? r.stdout.split('\n').filter((l) => l.length > 0) : [];
}
