#!/usr/bin/env node
// The long fuzz run (`npm run fuzz`): seeded mutants of the project's fixtures through the
// engine (worker threads, each input bounded: a hang is an input that gets no answer within the bound),
// plus a sample through the CLI (`dist/cli.js check --format json`). Crashes, hangs and contract
// violations are kept under .cache/fuzz-failures/ (the input and what happened), line-minimized when
// possible, so that a regression fixture can be made from them. Prints the figures and writes
// scripts/fuzz/last-results.md for the README.
//
// Options: --count N (default 10000), --seed S, --cli-sample N (default 200), --workers N (default: cores),
//          --bound MS (hang bound, default 5000, stretched by the load average), --no-build, --no-minimize,
//          --ops a,b (only these mutation operators, e.g. oddNetworkValue,retargetReference)
import { Worker } from 'node:worker_threads';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutants, OPERATOR_NAMES } from './mutate.mjs';
import { loadFixtureSources } from './sources.mjs';
import { hostileCases } from './hostile.mjs';
import { bundleEngine } from '../bench/bundle-engine.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const COUNT = opt('count', 10_000);
const SEED = opt('seed', 20261122);
const CLI_SAMPLE = opt('cli-sample', 200);
const WORKERS = opt('workers', availableParallelism());
const BASE_BOUND = opt('bound', 5_000);
const MINIMIZE = !argv.includes('--no-minimize');
const OPS = (() => {
  const i = argv.indexOf('--ops');
  return i >= 0 ? argv[i + 1].split(',') : OPERATOR_NAMES;
})();
const FAIL_DIR = join(ROOT, '.cache', 'fuzz-failures');
const STACK_TRACE = /^\s+at .+[(\s].*:\d+:\d+\)?$/m;

const log = (...a) => console.error(...a);
const bound = () => Math.round(BASE_BOUND * Math.min(8, Math.max(1, loadavg()[0] / availableParallelism())));

function buildEngine() {
  return bundleEngine(join('.cache', 'fuzz-engine.cjs'));
}

/** A pool slot: one worker, replaced when it hangs or dies. */
class Slot {
  constructor(engine) {
    this.engine = engine;
    this.worker = null;
    this.nextId = 1;
  }
  spawn() {
    const w = new Worker(join(ROOT, 'scripts', 'fuzz', 'engine-worker.mjs'), {
      workerData: { engine: this.engine },
      resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 1536 },
    });
    w.unref();
    return w;
  }
  run(text) {
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const t0 = performance.now();
    const limit = bound();
    return new Promise((done) => {
      let finished = false;
      const finish = (o, kill) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        w.off('exit', onExit);
        if (kill) {
          void w.terminate();
          if (this.worker === w) this.worker = null;
        }
        done(o);
      };
      const base = { violations: [], findings: 0, isTemplate: false };
      const onMsg = (m) => m.id === id && finish(m, false);
      const onErr = (e) => finish({ ...base, status: 'died', ms: performance.now() - t0, error: `${e.name}: ${e.message}` }, true);
      const onExit = (c) => finish({ ...base, status: 'died', ms: performance.now() - t0, error: `worker exited ${c}` }, true);
      const timer = setTimeout(() => finish({ ...base, status: 'hang', ms: performance.now() - t0, error: `no answer within ${limit} ms` }, true), limit);
      w.on('message', onMsg);
      w.on('error', onErr);
      w.on('exit', onExit);
      w.postMessage({ id, text });
    });
  }
  close() {
    const w = this.worker;
    this.worker = null;
    return w ? w.terminate() : Promise.resolve();
  }
}

const failed = (o) => o.status !== 'ok' || o.violations.length > 0;
const signature = (o) => (o.status !== 'ok' ? `${o.status}: ${String(o.error).split('\n')[0].slice(0, 120)}` : `violation: ${o.violations[0].replace(/\d+/g, 'N').slice(0, 120)}`);

/** Line-based delta debugging: the smallest text (by lines) that still fails the same way. */
async function minimize(slot, text, sig, budgetMs = 60_000) {
  const started = performance.now();
  let lines = text.split('\n');
  let chunk = Math.max(1, lines.length >> 1);
  while (chunk >= 1 && performance.now() - started < budgetMs) {
    let progressed = false;
    for (let i = 0; i < lines.length && performance.now() - started < budgetMs; ) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      const o = await slot.run(candidate.join('\n'));
      if (failed(o) && signature(o) === sig) {
        lines = candidate;
        progressed = true;
      } else i += chunk;
    }
    if (!progressed) chunk >>= 1;
  }
  return lines.join('\n');
}

function runCli(file) {
  return new Promise((done) => {
    const t0 = performance.now();
    execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', file, '--format', 'json'], { timeout: bound() + 10_000, maxBuffer: 64 << 20, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, signal: err?.signal ?? null, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

async function main() {
  const started = performance.now();
  const load0 = loadavg();
  if (!argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const engine = await buildEngine();
  const sources = loadFixtureSources(ROOT);
  for (const op of OPS) if (!OPERATOR_NAMES.includes(op)) throw new Error(`unknown operator ${op}; known: ${OPERATOR_NAMES.join(', ')}`);
  log(`fuzz: ${COUNT} mutants of ${sources.length} seed texts, seed ${SEED}, ${WORKERS} workers, hang bound ${BASE_BOUND} ms (× load)`);
  rmSync(FAIL_DIR, { recursive: true, force: true });
  mkdirSync(FAIL_DIR, { recursive: true });

  const slots = Array.from({ length: WORKERS }, () => new Slot(engine));
  const times = [];
  const failures = [];
  const bySig = new Map();
  const opCount = Object.fromEntries(OPS.map((n) => [n, 0]));
  let notTemplate = 0;
  const readers = { equal: 0, declined: 0, different: 0, skipped: 0 };
  let withFindings = 0;
  let slowest = { ms: 0, name: '' };
  const cliPicks = [];
  const every = Math.max(1, Math.floor(COUNT / Math.max(1, CLI_SAMPLE)));

  const gen = mutants(sources, COUNT, SEED, OPS);
  let k = 0;
  let lastReport = performance.now();
  await Promise.all(
    slots.map(async (slot) => {
      for (;;) {
        const { value: m, done } = gen.next();
        if (done) return;
        const index = k++;
        for (const op of m.ops) opCount[op]++;
        if (CLI_SAMPLE && index % every === 0 && cliPicks.length < CLI_SAMPLE) cliPicks.push(m);
        const o = await slot.run(m.text);
        times.push(o.ms);
        if (o.ms > slowest.ms) slowest = { ms: o.ms, name: `${m.name} [${m.ops.join('+')}]` };
        if (!o.isTemplate) notTemplate++;
        if (o.readers) readers[o.readers] = (readers[o.readers] ?? 0) + 1;
        if (o.findings > 0) withFindings++;
        if (failed(o)) {
          const sig = signature(o);
          failures.push({ name: m.name, ops: m.ops, status: o.status, sig, error: o.error, violations: o.violations.slice(0, 5), text: m.text });
          bySig.set(sig, (bySig.get(sig) ?? 0) + 1);
        }
        if (performance.now() - lastReport > 15_000) {
          lastReport = performance.now();
          log(`  ${times.length}/${COUNT} done, ${failures.length} failing, ${((performance.now() - started) / 1000).toFixed(0)} s`);
        }
      }
    }),
  );

  // Keep one input per distinct failure, minimized, for regression fixtures.
  const kept = [];
  for (const sig of bySig.keys()) {
    const f = failures.find((x) => x.sig === sig);
    let minimal = f.text;
    if (MINIMIZE && kept.length < 10) minimal = await minimize(slots[0], f.text, sig);
    const base = join(FAIL_DIR, f.name.replace(/[^A-Za-z0-9._-]+/g, '_'));
    writeFileSync(`${base}.input.txt`, f.text);
    writeFileSync(`${base}.minimal.txt`, minimal);
    writeFileSync(`${base}.json`, JSON.stringify({ name: f.name, ops: f.ops, status: f.status, signature: sig, error: f.error, violations: f.violations, count: bySig.get(sig) }, null, 2));
    kept.push({ name: f.name, ops: f.ops, signature: sig, count: bySig.get(sig), minimalBytes: minimal.length, file: `${base}.minimal.txt` });
  }

  // Hostile corpus through the engine too, so the long run's figures cover it.
  let hostileFailures = 0;
  for (const c of hostileCases()) {
    const o = await slots[0].run(c.text);
    if (failed(o)) hostileFailures++;
  }
  await Promise.all(slots.map((s) => s.close()));

  // CLI sample.
  const cli = { runs: 0, bad: [], maxMs: 0 };
  if (cliPicks.length) {
    const dir = mkdtempSync(join(tmpdir(), 'packetwalk-fuzz-cli-'));
    const queue = [...cliPicks];
    await Promise.all(
      Array.from({ length: Math.max(1, WORKERS) }, async () => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          const file = join(dir, `${m.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${/^\uFEFF?\s*[[{]/.test(m.text) ? 'json' : 'yaml'}`);
          writeFileSync(file, m.text);
          const r = await runCli(file);
          cli.runs++;
          cli.maxMs = Math.max(cli.maxMs, r.ms);
          let json = true;
          try {
            JSON.parse(r.stdout);
          } catch {
            json = false;
          }
          if (r.signal || !(r.code === 0 || r.code === 1) || STACK_TRACE.test(r.stderr) || !json) {
            cli.bad.push({ name: m.name, ops: m.ops, code: r.code, signal: r.signal, stderr: r.stderr.slice(0, 400) });
          }
        }
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  }

  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const res = {
    date: new Date().toISOString(),
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    load: { start: load0.map((x) => +x.toFixed(2)), end: loadavg().map((x) => +x.toFixed(2)) },
    seed: SEED,
    mutants: times.length,
    seedTexts: sources.length,
    failures: failures.length,
    crashes: failures.filter((f) => f.status === 'throw' || f.status === 'died').length,
    hangs: failures.filter((f) => f.status === 'hang').length,
    violations: failures.filter((f) => f.status === 'ok').length,
    distinct: kept,
    hostileCases: hostileCases().length,
    hostileFailures,
    notTemplate,
    readers,
    withFindings,
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: slowest.ms,
    slowest: slowest.name,
    overOneSecond: times.filter((t) => t > 1000).length,
    operators: opCount,
    cli: { runs: cli.runs, bad: cli.bad.length, maxMs: cli.maxMs, examples: cli.bad.slice(0, 5) },
    elapsedSeconds: +((performance.now() - started) / 1000).toFixed(1),
  };
  writeFileSync(join(ROOT, '.cache', 'fuzz-results.json'), JSON.stringify(res, null, 2));
  const md = [
    `<!-- written by scripts/fuzz/run-long.mjs; do not edit -->`,
    `Fuzz run ${res.date} (seed ${res.seed}) on ${res.machine}; load average ${res.load.start.join('/')} at start${res.load.start[0] > availableParallelism() ? ' (busy machine: times inflated)' : ''}.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| mutants through the engine (${res.seedTexts} seed texts, ${OPS.length} operators) | ${res.mutants} |`,
    `| crashes (exception, stack overflow, out of memory) | ${res.crashes} |`,
    `| hangs (no answer within ${BASE_BOUND} ms × load) | ${res.hangs} |`,
    `| answers breaking the contract (ranges, codes, internal failures) | ${res.violations} |`,
    `| distinct failure signatures | ${res.distinct.length} |`,
    `| hostile cases failing | ${res.hostileFailures} of ${res.hostileCases} |`,
    `| mutants still read as templates / with findings | ${res.mutants - res.notTemplate} / ${res.withFindings} |`,
    `| time per mutant: mean / p50 / p99 / max | ${res.meanMs.toFixed(1)} / ${res.p50Ms.toFixed(1)} / ${res.p99Ms.toFixed(1)} / ${res.maxMs.toFixed(0)} ms |`,
    `| mutants over 1 s | ${res.overOneSecond} |`,
    `| fast YAML reader vs reference: equal / declined (fell back) / different | ${res.readers.equal} / ${res.readers.declined} / ${res.readers.different} |`,
    `| CLI sample (check --format json): runs / bad exits or stack traces | ${res.cli.runs} / ${res.cli.bad} |`,
    '',
    ...(res.distinct.length ? ['Distinct failures:', '', ...res.distinct.map((d) => `- \`${d.signature}\` ×${d.count} (e.g. ${d.name}, ${d.ops.join('+')})`), ''] : []),
  ].join('\n');
  writeFileSync(join(ROOT, 'scripts', 'fuzz', 'last-results.md'), md + '\n');
  console.log(md);
  log(`(${res.elapsedSeconds} s; details in .cache/fuzz-results.json, failing inputs in .cache/fuzz-failures/)`);
  process.exitCode = res.failures || res.cli.bad || res.hostileFailures ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
