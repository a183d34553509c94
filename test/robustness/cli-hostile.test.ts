// CLI side: every hostile case, written to a file, through `node dist/cli.js check --format json`
// and `node dist/cli.js model --format json`. A readable file must give an answer: exit 0 or 1 (2 is for
// usage and I/O errors only), JSON on stdout, no stack trace on stderr, and findings for the broken ones;
// nothing from outside the workspace may appear (a nested stack's TemplateURL points at /etc/passwd).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostileCases } from '../../scripts/fuzz/hostile.mjs';
import { scaledBound } from './engine-runner';

const CLI = resolve('dist/cli.js');
const STACK_TRACE = /^\s+at .+[(\s].*:\d+:\d+\)?$/m;

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runCli(args: string[]): Promise<Run> {
  const t0 = performance.now();
  // Node startup plus the 5 s hang bound, stretched on a loaded machine.
  const timeout = scaledBound(10_000);
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { timeout, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      done({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        stdout,
        stderr,
        ms: performance.now() - t0,
      });
    });
  });
}

function sane(name: string, what: string, r: Run): void {
  const ctx = `${name} (${what}): exit ${r.code}${r.signal ? ` signal ${r.signal}` : ''} after ${Math.round(r.ms)} ms; stderr: ${r.stderr.slice(0, 600)}`;
  assert.equal(r.signal, null, `${ctx}: killed (hang bound exceeded?)`);
  assert.ok(r.code === 0 || r.code === 1, `${ctx}: exit code must be 0 or 1 for a readable file`);
  assert.doesNotMatch(r.stderr, STACK_TRACE, `${ctx}: stack trace on stderr`);
  assert.doesNotMatch(r.stdout, STACK_TRACE, `${ctx}: stack trace on stdout`);
  assert.doesNotMatch(r.stdout + r.stderr, /root:x?:0:0/, `${ctx}: a file outside the workspace was read`);
}

// Two processes per case (~270 in all): the suite gets its own time budget, stretched on a loaded machine,
// instead of the runner's per-test default.
describe('CLI on the hostile corpus', { concurrency: 4, timeout: scaledBound(300_000) }, () => {
  let dir = '';
  before(() => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run the build (node esbuild.mjs) first`);
    dir = mkdtempSync(join(tmpdir(), 'packetwalk-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of hostileCases()) {
    it(c.name, async () => {
      // JSON-looking texts get a .json name (CDK output), the rest .yaml, as a user's repository has them.
      const file = join(dir, `${c.name}.${/^\uFEFF?\s*[[{]/.test(c.text) && !c.name.startsWith('nest-yaml') ? 'json' : 'yaml'}`);
      writeFileSync(file, c.text, 'utf8');

      const check = await runCli(['check', file, '--format', 'json']);
      sane(c.name, 'check', check);
      let parsed: { findings?: unknown[] };
      try {
        parsed = JSON.parse(check.stdout) as { findings?: unknown[] };
      } catch {
        assert.fail(`${c.name} (check): stdout is not JSON: ${check.stdout.slice(0, 300)}`);
      }
      assert.ok(Array.isArray(parsed.findings), `${c.name} (check): no findings array`);
      if (c.finding === true) {
        assert.ok(parsed.findings.length > 0, `${c.name} (check): a broken template must give findings (exit ${check.code})`);
      }

      const model = await runCli(['model', file, '--format', 'json']);
      sane(c.name, 'model', model);
      if (model.stdout.trim()) {
        assert.doesNotThrow(() => JSON.parse(model.stdout), `${c.name} (model): stdout is not JSON: ${model.stdout.slice(0, 300)}`);
      }
    });
  }
});
