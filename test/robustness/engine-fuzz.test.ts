// Engine side: every hostile case and a short seeded run of mutants of the project's own
// fixtures go through analyzeText. Each must answer (never throw, never overflow the stack, never run out
// of memory), within a generous hang bound (5 s: this detects hangs, it does not measure speed), with
// findings whose ranges lie inside the text; the cases the issue lists as broken must give findings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { hostileCases } from '../../scripts/fuzz/hostile.mjs';
import { mutants } from '../../scripts/fuzz/mutate.mjs';
import { loadFixtureSources } from '../../scripts/fuzz/sources.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineRunner, runWorkerIfChild, type EngineOutcome } from './engine-runner';

const HANG_BOUND_MS = 5_000;
const MUTANTS = 300;
const SEED = 20261122;

function describe(o: EngineOutcome): string {
  return `${o.status} in ${Math.round(o.ms)} ms${o.error ? `: ${o.error}` : ''}${o.violations.length ? `; violations: ${o.violations.slice(0, 5).join('; ')}` : ''}`;
}

if (!runWorkerIfChild()) {
  const runner = new EngineRunner(__filename, HANG_BOUND_MS);
  after(() => runner.close());

  for (const c of hostileCases()) {
    test(`hostile: ${c.name}`, async (t) => {
      const o = await runner.run(c.text);
      // The issue's target is an answer within a second; only the hang bound fails, slowness is reported.
      if (o.ms > 1000) t.diagnostic(`slow: ${c.name} took ${Math.round(o.ms)} ms (target 1 s)`);
      assert.equal(o.status, 'ok', `${c.name}: ${describe(o)}`);
      assert.deepEqual(o.violations, [], `${c.name}: the answer breaks the contract`);
      if (c.finding === true) {
        assert.ok(o.findings > 0, `${c.name}: a broken template must give at least one finding (got none; isTemplate=${o.isTemplate})`);
      }
    });
  }

  // Regression fixtures: inputs that once crashed, hung or went unreported. Drop a file in the folder to
  // add one; a name ending in `.needs-finding.yaml|json` also requires at least one finding.
  const dir = join('test', 'fixtures', 'robustness');
  for (const name of readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort()) {
    test(`regression fixture: ${name}`, async () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const o = await runner.run(text);
      assert.equal(o.status, 'ok', `${name}: ${describe(o)}`);
      assert.deepEqual(o.violations, [], `${name}: the answer breaks the contract`);
      if (/\.needs-finding\.(ya?ml|json)$/.test(name)) assert.ok(o.findings > 0, `${name}: must give at least one finding (got none)`);
    });
  }

  test(`mutants: ${MUTANTS} seeded mutations of the fixtures (seed ${SEED})`, async (t) => {
    const sources = loadFixtureSources(process.cwd());
    assert.ok(sources.length >= 3, 'the fuzz needs seed texts');
    const failures: string[] = [];
    let n = 0;
    let slowest = { ms: 0, name: '' };
    for (const m of mutants(sources, MUTANTS, SEED)) {
      n++;
      const o = await runner.run(m.text);
      if (o.ms > slowest.ms) slowest = { ms: o.ms, name: m.name };
      if (o.status !== 'ok' || o.violations.length) {
        failures.push(`${m.name} [${m.ops.join('+')}]: ${describe(o)}`);
      }
    }
    t.diagnostic(`slowest mutant: ${Math.round(slowest.ms)} ms (${slowest.name})`);
    assert.equal(n, MUTANTS);
    assert.deepEqual(failures, [], `${failures.length} of ${MUTANTS} mutants failed (reproduce with scripts/fuzz/run-long.mjs --seed ${SEED} --count ${MUTANTS})`);
  });
}
