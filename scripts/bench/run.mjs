#!/usr/bin/env node
// The benchmark (`npm run bench`; `--quick` for a ~1 minute run, `--no-build` to skip the
// product build, `--skip-lsp`, `--skip-corpus`). Measures on this machine:
//   1. in-process stage costs (parse, resolve, model, walk, findings), each run from scratch, for
//      generated templates of N VPCs; best and median of several runs; the floor (js-yaml@4 `load` with a
//      schema that knows the CloudFormation tags, warm, best of 5) and the ratio to it; the scaling
//      exponent (least squares on log cost vs log N);
//   2. per edit on the editor's path (LiveDocument), in-process, on the ~1 MB template and by kind of
//      declared flow (logical ids and `internet`, public addresses, CIDRs, SourceIp, addresses inside VPCs);
//   3. over the real language server (dist/server.js --stdio), on the ~1 MB template with address flows:
//      a fresh server from spawn to the first diagnostics of the opened template against a fresh `node`
//      process loading the same text with js-yaml (spawn to exit), the medians of 5 each; then edits typed 250 ms apart from a
//      realistic mix, each measured from didChange to the first publishDiagnostics carrying that version
//      or a later one; p50/p95; the server's RSS; then another ~1 MB template opened in the running server
//      against js-yaml's warm load of it;
//   4. the 59 corpus templates (../shared/corpus/templates), each analysed once.
// Prints a table, writes .bench/results.json and scripts/bench/last-results.md (for the README).
// The machine's load average is recorded with the figures: other work on the box skews them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, availableParallelism } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCfn } from './cfn-yaml.mjs';
import { FLOW_KINDS, generateTemplate, vpcsForSize } from './generate.mjs';
import { bundleEngine } from './bundle-engine.mjs';
import { editMix, applyEdit } from './edits.mjs';
import { LspClient, lineIndex } from './lsp-client.mjs';
import { crossStackOverLsp } from './cross-stack.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const SIZES = QUICK ? [10, 25, 50, 100] : [10, 25, 50, 100, 200, 400];
const MAX_RUNS = QUICK ? 3 : 5;
/** Per size, stop repeating once this much time went into it (at least one run always). */
const SIZE_BUDGET_MS = QUICK ? 5_000 : 20_000;
const EDITS = QUICK ? 30 : 100;
const EDIT_GAP_MS = 250;
/** Between the first keystroke after open and the measured typing (see overLsp). */
const READ_PAUSE_MS = 3000;
/** How long the server is left idle after the edits before its memory is read again. */
const IDLE_AFTER_MS = 10_000;
/** Fresh servers (and as many fresh js-yaml processes, plus one) for the cold open. */
const COLD_RUNS = QUICK ? 3 : 5;
const ONE_MB = 1024 * 1024;
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'templates');

const log = (...a) => console.error(...a);
const round = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};

// ---------- the floor: js-yaml with the CloudFormation tags ----------
function floorMs(text) {
  loadCfn(text); // warm
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    loadCfn(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

// ---------- engine ----------
async function loadEngine() {
  return createRequire(import.meta.url)(await bundleEngine(join('.bench', 'engine.cjs')));
}

function leastSquaresExponent(points) {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : null;
}

function scaling(engine) {
  const rows = [];
  for (const n of SIZES) {
    const text = generateTemplate(n, 1);
    const floor = floorMs(text);
    const runs = [];
    const started = performance.now();
    do {
      runs.push(engine.timeStages(text));
    } while (runs.length < MAX_RUNS && performance.now() - started < SIZE_BUDGET_MS);
    const stage = (k) => ({ best: Math.min(...runs.map((r) => r[k])), median: median(runs.map((r) => r[k])) });
    const row = {
      vpcs: n,
      bytes: text.length,
      resources: runs[0].resources,
      flows: runs[0].flows,
      findings: runs[0].findingCount,
      runs: runs.length,
      parse: stage('parse'),
      resolve: stage('resolve'),
      model: stage('model'),
      walk: stage('walk'),
      findingsStage: stage('findings'),
      total: stage('total'),
      floorMs: floor,
      ratioToFloor: stage('total').median / floor,
    };
    rows.push(row);
    log(`  ${n} VPCs (${(text.length / 1024).toFixed(0)} KB): total median ${row.total.median.toFixed(0)} ms over ${runs.length} run(s); floor ${floor.toFixed(1)} ms; ×${row.ratioToFloor.toFixed(1)}`);
  }
  const exponent = leastSquaresExponent(rows.map((r) => ({ n: r.vpcs, ms: r.total.median })));
  const stageExponents = Object.fromEntries(['parse', 'resolve', 'model', 'walk', 'findingsStage'].map((k) => [k, leastSquaresExponent(rows.map((r) => ({ n: r.vpcs, ms: Math.max(r[k].median, 0.01) })))]));
  return { rows, exponent, stageExponents };
}

function oneMegabyte(engine) {
  const vpcs = vpcsForSize(ONE_MB, 1);
  const text = generateTemplate(vpcs, 1);
  const floor = floorMs(text);
  const runs = [];
  const started = performance.now();
  do runs.push(engine.timeStages(text));
  while (runs.length < MAX_RUNS && performance.now() - started < SIZE_BUDGET_MS);
  const t0 = performance.now();
  const a = engine.analyzeText(text, {});
  const analyzeMs = performance.now() - t0;
  return {
    vpcs,
    bytes: text.length,
    flows: a.flows.length,
    findings: a.findings.length,
    runs: runs.length,
    totalBest: Math.min(...runs.map((r) => r.total)),
    totalMedian: median(runs.map((r) => r.total)),
    analyzeTextMs: analyzeMs,
    floorMs: floor,
    ratioToFloor: median(runs.map((r) => r.total)) / floor,
    text,
  };
}

/**
 * In-process cost per edit on the ~1 MB template, on the editor's path: one LiveDocument, opened on the
 * text (a whole analysis), prepared (cut into units, each analysed: what the server does while the user is
 * idle after opening), then fed the edit mix.
 * The whole-analysis cost of the same edits (analyzeText of each edited text) is measured alongside for
 * comparison, on fewer edits.
 */
function perEditInProcess(engine, text) {
  const live = new engine.LiveDocument({});
  let t0 = performance.now();
  live.update(text);
  const openMs = performance.now() - t0;
  t0 = performance.now();
  live.prepare();
  const prepareMs = performance.now() - t0;
  const mix = editMix(7);
  let cur = text;
  const ms = [];
  const byKind = {};
  const paths = {};
  const whole = [];
  const edits = QUICK ? 40 : 200;
  for (let k = 0; k < edits; k++) {
    const e = mix.next(cur);
    cur = applyEdit(cur, e);
    t0 = performance.now();
    live.update(cur);
    const dt = performance.now() - t0;
    ms.push(dt);
    (byKind[e.kind] ??= []).push(dt);
    const path = live.lastPath === 'whole' ? `whole (${live.lastReason})` : live.lastPath;
    paths[path] = (paths[path] ?? 0) + 1;
    if (k < (QUICK ? 5 : 15)) {
      t0 = performance.now();
      engine.analyzeText(cur, {});
      whole.push(performance.now() - t0);
    }
  }
  return {
    edits: ms.length,
    openMs: round(openMs),
    prepareMs: round(prepareMs),
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: Math.max(...ms),
    p50ByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(percentile(v, 50))])),
    p95ByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(percentile(v, 95))])),
    paths,
    wholeP50: percentile(whole, 50),
    wholeEdits: whole.length,
  };
}

/**
 * The same per-edit measure for each kind of declared flow (FLOW_KINDS, plus logical ids and `internet`
 * only, plus the mix): a ~1 MB template whose every VPC has flows of that kind.
 */
function perFlowKind(engine) {
  const out = {};
  for (const kind of ['ids', ...FLOW_KINDS, 'mixed']) {
    const text = generateTemplate(vpcsForSize(ONE_MB, 1, kind), 1, kind);
    const live = new engine.LiveDocument({});
    live.update(text);
    live.prepare();
    const mix = editMix(11);
    let cur = text;
    const ms = [];
    const paths = {};
    for (let k = 0; k < (QUICK ? 20 : 60); k++) {
      cur = applyEdit(cur, mix.next(cur));
      const t0 = performance.now();
      live.update(cur);
      ms.push(performance.now() - t0);
      const path = live.lastPath === 'whole' ? `whole (${live.lastReason})` : live.lastPath;
      paths[path] = (paths[path] ?? 0) + 1;
    }
    const flows = (text.match(/^ {6}- \{Name: /gm) ?? []).length;
    out[kind] = { flows, p50: percentile(ms, 50), p95: percentile(ms, 95), paths };
    log(`  ${kind}: ${flows} flows, p50 ${out[kind].p50.toFixed(1)} ms, p95 ${out[kind].p95.toFixed(1)} ms, ${JSON.stringify(paths)}`);
  }
  return out;
}

// ---------- over the language server ----------
/** A fresh `node` process that loads `file` with js-yaml, from spawn to exit (ms). */
function freshJsyamlMs(file) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench', 'jsyaml-load.mjs'), file], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('the js-yaml process failed');
  return performance.now() - t0;
}

/** One fresh server: spawn → the first diagnostics of `text` opened right after initialize (ms); then it is shut down. */
async function coldOpenMs(server, uri, text) {
  const spawnedAt = performance.now();
  const client = new LspClient(server, { cwd: ROOT });
  try {
    await client.initialize(null);
    const wait = client.waitForDiagnostics(uri, 1, 300_000);
    client.open(uri, text, 1);
    return (await wait).at - spawnedAt;
  } finally {
    await client.shutdown();
  }
}

async function overLsp(text, second) {
  const server = join(ROOT, 'dist', 'server.js');
  const uri = 'file:///bench/landing-zone-1mb.yaml';
  // The cold open, process to process: fresh js-yaml processes on the same text (spawn to exit) and fresh
  // servers (spawn to the first diagnostics), taken in turn; each side's median is compared (one sample of
  // a cold process varies by ±10% on this machine). The last fresh server goes on to the edits below.
  const file = join(ROOT, '.bench', 'landing-zone-1mb.yaml');
  writeFileSync(file, text);
  const fresh = [freshJsyamlMs(file)];
  const colds = [];
  for (let k = 1; k < COLD_RUNS; k++) {
    colds.push(await coldOpenMs(server, uri, text));
    fresh.push(freshJsyamlMs(file));
  }
  const spawnedAt = performance.now();
  const client = new LspClient(server, { cwd: ROOT });
  const latencies = [];
  let superseded = 0;
  let brokenEdits = 0;
  const pending = []; // { version, sentAt, kind }
  const publishes = []; // { at, version }: when diagnostics arrived, for which version
  let typingEndedAt = Infinity;
  // Each edit's latency ends at the first diagnostics for its version or a later one: that is when the
  // user sees squiggles that include the keystroke (a server may skip a version it knows is superseded).
  const origOnMessage = client.onMessage.bind(client);
  client.onMessage = (msg) => {
    if (msg.method === 'textDocument/publishDiagnostics' && msg.params?.uri === uri) {
      const at = performance.now();
      const v = msg.params.version ?? Infinity;
      publishes.push({ at, version: v });
      for (let i = pending.length - 1; i >= 0; i--) {
        if (pending[i].version <= v) {
          if (pending[i].version < v) superseded++;
          latencies.push({ ms: at - pending[i].sentAt, kind: pending[i].kind, version: pending[i].version, answeredBy: v });
          pending.splice(i, 1);
        }
      }
    }
    origOnMessage(msg);
  };
  try {
    const init = await client.initialize(null);
    const sync = init.capabilities.textDocumentSync;
    const incremental = typeof sync === 'object' ? sync.change === 2 : sync === 2;
    const rssIdle = client.rssMb();
    const firstWait = client.waitForDiagnostics(uri, 1, 300_000);
    const t0 = performance.now();
    client.open(uri, text, 1);
    const first = await firstWait;
    const coldMs = first.at - t0;
    colds.push(first.at - spawnedAt);
    const coldFromSpawnMs = median(colds);
    const rssOpen = client.rssMb();
    log(`  spawn → first diagnostics: ${coldFromSpawnMs.toFixed(0)} ms (median of ${colds.length}: ${colds.map((x) => x.toFixed(0)).join(', ')}; js-yaml ${fresh.map((x) => x.toFixed(0)).join(', ')}; open → first diagnostics ${coldMs.toFixed(0)} ms, ${first.params.diagnostics.length} diagnostics), RSS ${rssOpen?.toFixed(0)} MB`);

    const mix = editMix(7);
    let cur = text;
    let version = 1;
    // One keystroke right after the first diagnostics, measured on its own: the server is then still
    // cutting the template into units (prepare), which the first keystroke waits for.
    const send = (e) => {
      version++;
      if (incremental) {
        const pos = lineIndex(cur);
        client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
        cur = applyEdit(cur, e);
      } else {
        cur = applyEdit(cur, e);
        client.change(uri, version, [{ text: cur }]);
      }
      return version;
    };
    const firstEdit = mix.next(cur);
    const firstSent = performance.now();
    const firstAnswer = client.waitForDiagnostics(uri, send(firstEdit), 300_000);
    const firstKeystrokeMs = (await firstAnswer).at - firstSent;
    log(`  first keystroke right after open → diagnostics: ${firstKeystrokeMs.toFixed(0)} ms`);
    // Then a pause, as a person reads what opened, before the measured typing.
    await new Promise((r) => setTimeout(r, READ_PAUSE_MS));
    for (let k = 0; k < EDITS; k++) {
      let e = mix.next(cur);
      if (k === EDITS - 1) {
        const s = mix.settle(cur); // end on text that parses
        if (s.edits.length) e = s.edits[0];
      }
      if (e.kind === 'break-yaml') brokenEdits++;
      const sentAt = performance.now();
      pending.push({ version: version + 1, sentAt, kind: e.kind });
      send(e);
      await new Promise((r) => setTimeout(r, Math.max(0, EDIT_GAP_MS - (performance.now() - sentAt))));
    }
    typingEndedAt = performance.now();
    // Wait for the last edit's diagnostics (or give up after a minute: reported as lost).
    const deadline = performance.now() + 60_000;
    while (pending.length && performance.now() < deadline && !client.exited) await new Promise((r) => setTimeout(r, 20));
    const lost = pending.length;
    const rssAfter = client.rssMb();
    // And once the server has been idle a while (V8 gives memory back after idle-time collections).
    await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
    const rssIdleAfter = client.rssMb();
    // Another large template opened in the running server, against js-yaml's warm load of it.
    const uri2 = 'file:///bench/landing-zone-1mb-second.yaml';
    const secondWait = client.waitForDiagnostics(uri2, 1, 300_000);
    const t2 = performance.now();
    client.open(uri2, second, 1);
    const secondOpenMs = (await secondWait).at - t2;
    const secondFloorMs = floorMs(second);
    const rssSecond = client.rssMb();
    log(`  second large open → first diagnostics: ${secondOpenMs.toFixed(0)} ms (warm js-yaml ${secondFloorMs.toFixed(0)} ms), RSS ${rssSecond?.toFixed(0)} MB`);
    fresh.push(freshJsyamlMs(file));
    const freshMs = median(fresh);
    const ms = latencies.map((l) => l.ms);
    const byKind = {};
    for (const l of latencies) (byKind[l.kind] ??= []).push(l.ms);
    return {
      incrementalSync: incremental,
      coldOpenMs: coldMs,
      coldFromSpawnMs,
      coldFromSpawnRuns: colds.map((x) => round(x)),
      freshJsyamlMs: freshMs,
      freshJsyamlRuns: fresh.map((x) => round(x)),
      coldRatio: coldFromSpawnMs / freshMs,
      secondOpenMs,
      secondFloorMs,
      secondRatio: secondOpenMs / secondFloorMs,
      rssAfterSecondOpenMb: rssSecond,
      firstKeystrokeMs,
      readPauseMs: READ_PAUSE_MS,
      firstDiagnostics: first.params.diagnostics.length,
      edits: EDITS,
      brokenEdits,
      measured: ms.length,
      supersededVersions: superseded,
      lost,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      max: ms.length ? Math.max(...ms) : null,
      p50ByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(percentile(v, 50))])),
      // How many times diagnostics arrived while edits were still being typed (0 = the server only
      // answers once typing stops), and the per-edit series for a closer look.
      publishesWhileTyping: publishes.filter((p) => p.version > 1 && p.at < typingEndedAt).length,
      series: latencies.sort((a, b) => a.version - b.version).map((l) => ({ v: l.version, kind: l.kind, ms: round(l.ms), answeredBy: l.answeredBy })),
      rssIdleMb: rssIdle,
      rssOpenMb: rssOpen,
      rssAfterEditsMb: rssAfter,
      rssIdleAfterEditsMb: rssIdleAfter,
      serverAlive: client.exited === null,
    };
  } finally {
    await client.shutdown();
  }
}

// ---------- corpus ----------
function corpus(engine) {
  if (!existsSync(CORPUS)) return null;
  const files = readdirSync(CORPUS).filter((f) => /\.(ya?ml|json|template)$/i.test(f)).sort();
  const rows = [];
  for (const f of files) {
    const text = readFileSync(join(CORPUS, f), 'utf8');
    const t0 = performance.now();
    let a = null;
    let error = null;
    try {
      a = engine.analyzeText(text, {});
    } catch (e) {
      error = String(e?.message ?? e);
    }
    rows.push({ file: f, bytes: text.length, ms: performance.now() - t0, isTemplate: a?.isTemplate ?? null, findings: a?.findings.length ?? null, flows: a?.flows.length ?? null, error, internal: a?.findings.filter((x) => x.code === 'ANALYSIS_FAILED').length ?? 0 });
  }
  const ms = rows.map((r) => r.ms);
  const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a), rows[0]);
  return {
    templates: rows.length,
    totalMs: ms.reduce((a, b) => a + b, 0),
    median: median(ms),
    p95: percentile(ms, 95),
    max: slowest?.ms ?? null,
    slowest: slowest?.file ?? null,
    errors: rows.filter((r) => r.error).length,
    internalFailures: rows.reduce((a, r) => a + r.internal, 0),
    rows,
  };
}

// ---------- report ----------
function machine(loadStart) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    loadAverageAtStart: loadStart.map((x) => round(x, 2)),
    loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
    quick: QUICK,
    date: new Date().toISOString(),
  };
}

function markdown(r) {
  const L = [];
  const f = (x, d = 0) => (x === null || x === undefined ? '—' : Number(x).toFixed(d));
  L.push(`Benchmark ${r.machine.quick ? '(quick) ' : ''}run ${r.machine.date} on ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average ${r.machine.loadAverageAtStart.join('/')} at start, ${r.machine.loadAverageAtEnd.join('/')} at end${r.machine.loadAverageAtStart[0] > r.machine.cores ? ' (**the machine was busy: figures are inflated**)' : ''}.`);
  L.push('');
  L.push('In-process, each run from scratch (median of the runs; ms):');
  L.push('');
  L.push('| VPCs | size | resources | flows | parse | resolve | model | walk | findings | total (best / median) | js-yaml floor | × floor | runs |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of r.scaling.rows) {
    L.push(`| ${x.vpcs} | ${f(x.bytes / 1024)} KB | ${x.resources} | ${x.flows} | ${f(x.parse.median)} | ${f(x.resolve.median)} | ${f(x.model.median)} | ${f(x.walk.median)} | ${f(x.findingsStage.median, 1)} | ${f(x.total.best)} / ${f(x.total.median)} | ${f(x.floorMs, 1)} | ${f(x.ratioToFloor, 1)} | ${x.runs} |`);
  }
  L.push('');
  L.push(`Scaling exponent (total, least squares on log cost vs log N, ${r.scaling.rows[0].vpcs}-${r.scaling.rows.at(-1).vpcs} VPCs): **${f(r.scaling.exponent, 2)}** (target ≤ 1.1); per stage: ${Object.entries(r.scaling.stageExponents).map(([k, v]) => `${k.replace('Stage', '')} ${f(v, 2)}`).join(', ')}.`);
  L.push('');
  const m = r.oneMb;
  L.push(`~1 MB template (${m.vpcs} VPCs, ${f(m.bytes / 1024)} KB, ${m.flows} flows, ${m.findings} findings): in-process ${f(m.totalBest)} / ${f(m.totalMedian)} ms (best / median), js-yaml floor ${f(m.floorMs, 1)} ms, **× ${f(m.totalBest / m.floorMs, 1)} best / × ${f(m.ratioToFloor, 1)} median** (target ≤ 3).`);
  L.push('');
  const e = m.perEdit;
  L.push(`Per edit in-process on the editor's path (LiveDocument: opened in ${f(e.openMs)} ms, prepared in ${f(e.prepareMs)} ms while idle, then ${e.edits} edits of the mix): **p50 ${f(e.p50, 1)} ms, p95 ${f(e.p95, 1)} ms**, max ${f(e.max)} ms; a whole analysis of the same edited texts takes p50 ${f(e.wholeP50)} ms (${e.wholeEdits} edits).`);
  L.push('');
  L.push(`By edit kind, p50 / p95 (ms): ${Object.keys(e.p50ByKind).map((k) => `${k} ${e.p50ByKind[k]} / ${e.p95ByKind[k]}`).join(', ')}. Paths taken: ${Object.entries(e.paths).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  L.push('');
  if (m.byFlowKind) {
    L.push('Per edit in-process by kind of declared flow (a ~1 MB template whose every VPC declares flows of that kind besides logical ids and `internet`; the mix is the template above):');
    L.push('');
    L.push('| flows | count | p50 | p95 | paths |');
    L.push('|---|---:|---:|---:|---|');
    const names = { ids: 'logical ids and `internet` only', public: '+ public addresses', cidr: '+ CIDRs', sourceip: '+ SourceIp pins', inside: '+ addresses inside VPCs', mixed: 'mixed (one address kind per VPC)' };
    for (const [k, v] of Object.entries(m.byFlowKind)) L.push(`| ${names[k] ?? k} | ${v.flows} | ${f(v.p50, 1)} ms | ${f(v.p95, 1)} ms | ${Object.entries(v.paths).map(([p, n]) => `${p} ${n}`).join(', ')} |`);
    L.push('');
  }
  if (r.lsp) {
    const s = r.lsp;
    L.push('Over the language server (stdio), ~1 MB template:');
    L.push('');
    L.push('| measure | value | target |');
    L.push('|---|---:|---:|');
    L.push(`| fresh server: spawn → first diagnostics of the opened template (median of ${s.coldFromSpawnRuns.length}: ${s.coldFromSpawnRuns.map((x) => f(x)).join(', ')}; didOpen → diagnostics in the last: ${f(s.coldOpenMs)} ms) | ${f(s.coldFromSpawnMs)} ms | |`);
    L.push(`| fresh \`node\` process loading the same text with js-yaml: spawn → exit (median of ${s.freshJsyamlRuns.length}: ${s.freshJsyamlRuns.map((x) => f(x)).join(', ')}) | ${f(s.freshJsyamlMs)} ms | |`);
    L.push(`| **cold open ratio** (fresh server / fresh js-yaml process) | **× ${f(s.coldRatio, 1)}** | ≤ 4 |`);
    L.push(`| another ~1 MB template opened in the running server → first diagnostics / js-yaml warm load of it | ${f(s.secondOpenMs)} / ${f(s.secondFloorMs)} ms: **× ${f(s.secondRatio, 1)}** | ≤ 3 |`);
    L.push(`| first keystroke right after open → diagnostics (the server is still cutting the template into units) | ${f(s.firstKeystrokeMs)} ms | |`);
    L.push(`| keystroke → diagnostics p50 (${s.measured} of ${s.edits} edits, 250 ms apart, ${s.brokenEdits} breaking the YAML; typing starts ${f(s.readPauseMs / 1000, 0)} s after that first keystroke) | ${f(s.p50)} ms | ≤ 50 ms |`);
    L.push(`| keystroke → diagnostics p95 | ${f(s.p95)} ms | ≤ 100 ms |`);
    L.push(`| keystroke → diagnostics max | ${f(s.max)} ms | |`);
    L.push(`| server RSS with the document open / right after the edits / ${f(IDLE_AFTER_MS / 1000)} s later | ${f(s.rssOpenMb)} / ${f(s.rssAfterEditsMb)} / ${f(s.rssIdleAfterEditsMb)} MB | ≤ 250 MB |`);
    L.push(`| server RSS with the second template open too | ${f(s.rssAfterSecondOpenMb)} MB | |`);
    L.push(`| versions superseded before their diagnostics / lost | ${s.supersededVersions} / ${s.lost} | |`);
    L.push(`| diagnostics published while the edits were being typed | ${s.publishesWhileTyping} | |`);
    L.push('');
    L.push(`p50 by edit kind (ms): ${Object.entries(s.p50ByKind).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    L.push('');
  }
  if (r.corpus) {
    const c = r.corpus;
    L.push(`Corpus: ${c.templates} real templates, each analysed once in-process: median ${f(c.median, 1)} ms, p95 ${f(c.p95, 1)} ms, max ${f(c.max)} ms (${c.slowest}), total ${f(c.totalMs)} ms; ${c.errors} threw, ${c.internalFailures} internal failures reported.`);
    L.push('');
  }
  return L.join('\n');
}

/** Keystroke latency for a template that imports from another stack, over the language server (./cross-stack.mjs). */
async function crossStackBench() {
  log('cross-stack pair over the language server:');
  try {
    const r = await crossStackOverLsp({ edits: QUICK ? 20 : 40 });
    for (const [kind, x] of Object.entries(r.byKind)) log(`  ${kind}: p50 ${round(x.p50)} ms, p95 ${round(x.p95)} ms (${x.n} edits)`);
    return r;
  } catch (e) {
    log(`  failed: ${String(e?.message ?? e)}`);
    return { error: String(e?.message ?? e) };
  }
}

/** The cross-stack lines under the main table (empty when not measured). */
function crossStackMarkdown(r) {
  if (!r || r.error || !r.byKind) return r?.error ? `\n\nCross-stack pair: failed (${r.error}).\n` : '';
  const kinds = Object.entries(r.byKind).map(([kind, x]) => `${kind} p50 ${round(x.p50, 0)} ms, p95 ${round(x.p95, 0)} ms`);
  return `\n\nCross-stack pair over stdio (app.yaml ${r.appKb} KB importing from network.yaml ${r.networkKb} KB, ${r.imports} importing instances, flows by id, address and \`network/LogicalId\`): keystroke → diagnostics ${kinds.join('; ')}.\n`;
}

async function main() {
  const loadStart = loadavg();
  const started = performance.now();
  if (!args.has('--no-build')) {
    log('building dist/ (node esbuild.mjs)…');
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const engine = await loadEngine();
  for (let i = 0; i < 3; i++) engine.analyzeText(generateTemplate(5, 9), {}); // JIT warm-up on another text
  log('in-process stages:');
  const sc = scaling(engine);
  log('~1 MB template:');
  const oneMb = oneMegabyte(engine);
  oneMb.perEdit = perEditInProcess(engine, oneMb.text);
  log(`  per edit in-process (live): p50 ${oneMb.perEdit.p50.toFixed(1)} ms, p95 ${oneMb.perEdit.p95.toFixed(1)} ms; paths ${JSON.stringify(oneMb.perEdit.paths)}`);
  log(`  ${oneMb.vpcs} VPCs: median ${oneMb.totalMedian.toFixed(0)} ms, floor ${oneMb.floorMs.toFixed(1)} ms, ×${oneMb.ratioToFloor.toFixed(1)}`);
  log('per edit, by kind of declared flow:');
  oneMb.byFlowKind = perFlowKind(engine);
  let lsp = null;
  if (!args.has('--skip-lsp')) {
    log('language server:');
    try {
      lsp = await overLsp(oneMb.text, generateTemplate(oneMb.vpcs, 2));
    } catch (e) {
      lsp = { error: String(e?.message ?? e) };
      log(`  failed: ${lsp.error}`);
    }
  }
  const crossStack = args.has('--skip-lsp') ? null : await crossStackBench();
  let corp = null;
  if (!args.has('--skip-corpus')) {
    log('corpus:');
    corp = corpus(engine);
    if (corp) log(`  ${corp.templates} templates, median ${corp.median?.toFixed(1)} ms, max ${corp.max?.toFixed(0)} ms (${corp.slowest})`);
  }
  delete oneMb.text;
  const results = { machine: machine(loadStart), scaling: sc, oneMb, lsp: lsp?.error ? null : lsp, lspError: lsp?.error ?? null, corpus: corp, elapsedSeconds: round((performance.now() - started) / 1000) };
  results.crossStack = crossStack;
  writeFileSync(join(ROOT, '.bench', 'results.json'), JSON.stringify(results, null, 2));
  const md = markdown(results) + crossStackMarkdown(crossStack);
  writeFileSync(join(ROOT, 'scripts', 'bench', 'last-results.md'), `<!-- written by scripts/bench/run.mjs; do not edit -->\n${md}\n`);
  console.log(md);
  log(`\n(${results.elapsedSeconds} s; .bench/results.json and scripts/bench/last-results.md written)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
