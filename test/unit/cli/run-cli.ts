// Spawns the built CLI (`node dist/cli.js`) from the repository root, as a user or CI would. The test
// run builds nothing: `npm test` runs `node esbuild.mjs --tests` first.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** out/test/unit/cli → the repository root. */
export const REPO = path.resolve(__dirname, '../../../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const FIXTURES = 'test/fixtures/cli';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PACKETWALK_DEBUG: '', ...options.env },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function cliJson<T = any>(args: string[], options?: { cwd?: string }): { run: CliRun; data: T } {
  const run = cli(args, options);
  let data: T;
  try {
    data = JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.status}): ${run.stdout.slice(0, 500)}\nstderr: ${run.stderr.slice(0, 500)}`);
  }
  return { run, data };
}

const created: string[] = [];
// Temporary folders live as long as the test file's process; removed when it exits.
process.once('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `packetwalk-cli-${prefix}-`));
  created.push(dir);
  return dir;
}

/** No stack trace reaches the user. */
export function assertNoStack(stderr: string): void {
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
}
