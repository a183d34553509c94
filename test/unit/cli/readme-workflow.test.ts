// The README's GitHub Actions example stays true: the workflow parses, and its packetwalk command lines,
// run in a temporary git repository the way the job runs them (a pull request branch against its base),
// pass on a clean change and fail on a change that breaks a flow, with SARIF and a markdown comment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { CLI, REPO, tempDir } from './run-cli';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const FIXTURE = fs.readFileSync(path.join(REPO, 'test/fixtures/diff/app-db.yaml'), 'utf8');

/** The fenced blocks of a language under the README's "Reviews and CI" section. */
function blocks(lang: string): string[] {
  const start = README.indexOf('## Reviews and CI');
  assert.ok(start >= 0, 'README has a "Reviews and CI" section');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}

function workflow(): { env: Record<string, string>; steps: Step[] } {
  const docs = blocks('yaml').map((b) => parse(b)).filter((d) => d && typeof d === 'object' && 'jobs' in d);
  assert.equal(docs.length, 1, 'one workflow in the section');
  const jobs = Object.values(docs[0].jobs) as Array<{ env?: Record<string, string>; steps: Step[] }>;
  assert.equal(jobs.length, 1);
  return { env: jobs[0]!.env ?? {}, steps: jobs[0]!.steps };
}

function sh(cwd: string, command: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', command], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', ...env },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The workflow's expressions, as GitHub fills them in for a pull request into main. */
function expand(command: string): string {
  return command.replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, 'main');
}

test('the workflow is well formed: triggers on pull requests, uploads SARIF even when the check fails, runs check and diff', () => {
  const { env, steps } = workflow();
  assert.match(env.PACKETWALK ?? '', /^node \.packetwalk\/dist\/cli\.js$/);
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.ok(upload, 'a SARIF upload step');
  assert.equal(upload!.if, 'always()');
  const runs = steps.map((s) => s.run ?? '').filter((r) => r.includes('$PACKETWALK'));
  assert.ok(runs.some((r) => /\$PACKETWALK check .*--format sarif/.test(r)));
  assert.ok(runs.some((r) => /\$PACKETWALK diff --base .*--format markdown/.test(r)));
});

test('its packetwalk lines pass on a harmless pull request and fail on one that breaks a flow', () => {
  const { steps } = workflow();
  const runs = steps.map((s) => s.run ?? '').filter((r) => r.includes('$PACKETWALK')).map(expand);
  const adopt = blocks('sh').join('\n').split('\n').find((l) => l.includes('--write-baseline'));
  assert.ok(adopt, 'the README shows how to write the baseline');

  const repo = tempDir('workflow');
  fs.mkdirSync(path.join(repo, 'infra'));
  // An existing finding the team accepted: a flow declared in a second template that is blocked.
  const legacy = FIXTURE.replace('PortRange: { From: 1024, To: 65535 }   # replies', 'PortRange: { From: 5432, To: 5432 }   # replies');
  fs.writeFileSync(path.join(repo, 'infra/app.yaml'), FIXTURE);
  fs.writeFileSync(path.join(repo, 'infra/legacy.yaml'), legacy);
  // $PACKETWALK is expanded unquoted, as in the job: a wrapper script keeps paths with spaces working.
  const wrapper = path.join(tempDir('workflow-bin'), 'packetwalk');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
  const env = { PACKETWALK: wrapper };
  assert.equal(sh(repo, 'git init -q -b main && git add . && git commit -q -m base').status, 0);
  const baseline = sh(repo, adopt!.replace(/^packetwalk /, '$PACKETWALK '), env);
  assert.equal(baseline.status, 0, baseline.stderr);
  assert.equal(sh(repo, 'git add . && git commit -q -m baseline && git update-ref refs/remotes/origin/main HEAD && git checkout -q -b feature').status, 0);

  // A harmless change: a comment.
  fs.appendFileSync(path.join(repo, 'infra/app.yaml'), '# reviewed\n');
  for (const r of runs) {
    const out = sh(repo, r, env);
    assert.equal(out.status, 0, `${r}\n${out.stdout}${out.stderr}`);
  }
  const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'packetwalk.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0].results, [], 'the accepted findings are not reported');
  assert.match(fs.readFileSync(path.join(repo, 'reachability.md'), 'utf8'), /No flow changed its verdict or path\./);

  // A change that breaks fn-to-db in app.yaml: both lines fail, the comment names the flow.
  fs.writeFileSync(path.join(repo, 'infra/app.yaml'), legacy);
  const results = runs.map((r) => sh(repo, r, env));
  for (const [i, out] of results.entries()) assert.equal(out.status, 1, `${runs[i]}\n${out.stdout}${out.stderr}`);
  const sarif2 = JSON.parse(fs.readFileSync(path.join(repo, 'packetwalk.sarif'), 'utf8'));
  assert.ok(sarif2.runs[0].results.some((r: any) => r.ruleId === 'NACL_RETURN_EPHEMERAL_BLOCKED'));
  const comment = fs.readFileSync(path.join(repo, 'reachability.md'), 'utf8');
  assert.match(comment, /\| 🔴 \| infra\/app\.yaml: `fn-to-db` \| now blocked \(expected reachable\)/);
});
