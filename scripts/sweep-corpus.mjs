#!/usr/bin/env node
// Robustness sweep over the real-world corpus (`../shared/corpus/templates`, never copied into the repo):
// runs the built CLI (`node dist/cli.js`) as a user would, and checks for every template that
//   - `model --format json` exits 0 within 10 s and prints JSON,
//   - every AWS::EC2::VPC and AWS::EC2::Subnet of the file (counted here from an independent YAML parse)
//     appears in the view, unless the resource has a Condition (then it may be absent),
//   - every subnet `cidr` is a string, or null with an `unknowns` entry for that subnet,
//   - `check --format json` exits 0 or 1 (2 would be a crash or an input error) within 10 s.
// It also prints, per template, the implied flows (by verdict, from the engine run in-process) and the
// implied findings and sensitive exposures `check` reports, then lists each of those findings for review
// (docs/implied-flows-corpus.md records that review).
// It also probes each template's flows: every ordered pair of its candidate endpoints (resources that place
// network interfaces in subnets, read here from the YAML: a property naming subnets, or a SAM function under
// Globals.Function.VpcConfig; at most 15 per template) and `internet` to each, on tcp 443, in-process with the
// engine of this checkout (scripts/sweep-probe.ts, bundled at run time). It counts the verdicts that are
// `unknown` only because a component is not modelled (UNSUPPORTED_COMPONENT). The same candidates are probed
// whatever the engine's version, so runs on two commits compare (docs/corpus-sweep.md keeps the figures).
// Prints a table and a summary; exits 1 on any failure. Usage: node scripts/sweep-corpus.mjs [dir]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import { bundleEngine } from './bench/bundle-engine.mjs';
import { tmpdir } from 'node:os';
import { writeFileSync, mkdtempSync } from 'node:fs';
import * as esbuild from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli.js');
const corpus = resolve(repo, process.argv[2] ?? '../shared/corpus/templates');
const TIMEOUT_MS = 10_000;

if (!existsSync(cli)) {
  console.error(`sweep: ${cli} not found; run \`npm run build\` first`);
  process.exit(1);
}

/** The probe, bundled from this checkout's engine. */
async function loadProbe() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-sweep-'));
  const file = join(dir, 'probe.cjs');
  const r = await esbuild.build({ entryPoints: [join(repo, 'scripts', 'sweep-probe.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error', mainFields: ['module', 'main'] });
  writeFileSync(file, r.outputFiles[0].text);
  return createRequire(import.meta.url)(file).probe;
}
const probe = await loadProbe();
const MAX_PROBED_ENDPOINTS = 15;

/** Types that mention subnets without being a network presence of their own. */
const NOT_ENDPOINTS = /SubnetGroup$|^AWS::EC2::(Subnet.*|RouteTable|Route|NetworkAcl.*|TransitGateway.*|LaunchTemplate|VPC.*|ClientVpn.*|NetworkInsights.*)$/;

function mentionsSubnets(v, depth = 0) {
  if (!v || typeof v !== 'object' || depth > 8) return false;
  if (Array.isArray(v)) return v.some((x) => mentionsSubnets(x, depth + 1));
  return Object.entries(v).some(([k, x]) => /Subnet|VPCZoneIdentifier/.test(k) || mentionsSubnets(x, depth + 1));
}

/** Resource ids by type, from a tag-tolerant YAML parse (JSON is YAML; unknown `!Ref`-style tags only warn). */
function countResources(text) {
  const out = { vpcs: [], subnets: [], conditional: new Set(), endpoints: [] };
  let data;
  try {
    data = YAML.parse(text, { logLevel: 'silent', uniqueKeys: false, maxAliasCount: 1000 });
  } catch {
    return out;
  }
  const resources = data && typeof data === 'object' ? data.Resources : null;
  if (!resources || typeof resources !== 'object') return out;
  const samVpc = !!data?.Globals?.Function?.VpcConfig;
  for (const [id, r] of Object.entries(resources)) {
    if (!r || typeof r !== 'object') continue;
    const type = typeof r.Type === 'string' ? r.Type : '';
    const candidate = (type === 'AWS::EC2::Instance' || type === 'AWS::EC2::NetworkInterface' || type === 'AWS::EC2::NatGateway' || (type === 'AWS::Serverless::Function' && samVpc) || (!NOT_ENDPOINTS.test(type) && mentionsSubnets(r.Properties))) && !id.startsWith('Fn::');
    if (candidate && out.endpoints.length < MAX_PROBED_ENDPOINTS) out.endpoints.push(id);
    if (r.Condition !== undefined) out.conditional.add(id);
    if (r.Type === 'AWS::EC2::VPC') out.vpcs.push(id);
    else if (r.Type === 'AWS::EC2::Subnet') out.subnets.push(id);
  }
  return out;
}

function runCli(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, timedOut: r.error?.code === 'ETIMEDOUT' };
}

// The engine in-process, for what the CLI does not print (the implied flows that are not findings).
const engine = createRequire(import.meta.url)(await bundleEngine('out/sweep/engine.cjs'));
const review = [];
const impliedList = [];

const files = readdirSync(corpus).filter((f) => /\.(ya?ml|json|template)$/i.test(f)).sort();
const rows = [];
let failures = 0;
const checkExits = { 0: 0, 1: 0, 2: 0, other: 0 };

for (const name of files) {
  const file = join(corpus, name);
  const text = readFileSync(file, 'utf8');
  const expected = countResources(text);
  const errors = [];

  const m = runCli(['model', file, '--format', 'json']);
  let view = null;
  if (m.timedOut) errors.push(`model timed out after ${TIMEOUT_MS} ms`);
  else if (m.status !== 0) errors.push(`model exit ${m.status ?? m.signal}: ${m.stderr.trim().split('\n')[0]}`);
  else {
    try {
      view = JSON.parse(m.stdout);
    } catch {
      errors.push('model output is not JSON');
    }
  }

  let unknownCidrs = 0;
  if (view) {
    const vpcIds = new Set((view.vpcs ?? []).map((v) => v.id));
    const subnets = new Map((view.subnets ?? []).map((s) => [s.id, s]));
    const unknownFor = new Set((view.unknowns ?? []).map((u) => u.resource));
    for (const id of expected.vpcs) if (!vpcIds.has(id) && !expected.conditional.has(id)) errors.push(`VPC ${id} missing from the model`);
    for (const id of expected.subnets) if (!subnets.has(id) && !expected.conditional.has(id)) errors.push(`subnet ${id} missing from the model`);
    for (const s of subnets.values()) {
      if (s.cidr === null) {
        unknownCidrs++;
        if (!unknownFor.has(s.id)) errors.push(`subnet ${s.id}: cidr null without an unknowns entry`);
      } else if (typeof s.cidr !== 'string') errors.push(`subnet ${s.id}: cidr is ${JSON.stringify(s.cidr)}`);
    }
  }

  const c = runCli(['check', file, '--format', 'json']);
  let checkExit = c.timedOut ? 'timeout' : c.status ?? c.signal;
  if (c.timedOut) errors.push(`check timed out after ${TIMEOUT_MS} ms`);
  else if (c.status !== 0 && c.status !== 1) errors.push(`check exit ${checkExit}: ${c.stderr.trim().split('\n')[0]}`);
  checkExits[checkExit in checkExits ? checkExit : 'other']++;
  let findings = 0;
  let impliedFindings = 0;
  let exposureFindings = 0;
  if (c.status === 0 || c.status === 1) {
    try {
      const all = JSON.parse(c.stdout).findings;
      findings = all.length;
      for (const f of all) {
        if (f.implied) impliedFindings++;
        if (f.exposure) exposureFindings++;
        if (f.implied || f.exposure) review.push({ file: name, line: f.range.start.line + 1, code: f.code, resource: f.resource, message: f.message });
      }
    } catch {
      errors.push('check output is not JSON');
    }
  }
  const verdicts = { reachable: 0, blocked: 0, unknown: 0 };
  try {
    for (const r of engine.analyzeText(text, {}).implied ?? []) {
      verdicts[r.trace.verdict]++;
      const why = r.trace.verdict === 'blocked' ? r.trace.blockers.map((b) => `${b.resource} ${b.code}`).join(', ') : r.trace.verdict === 'unknown' ? (r.trace.hops.find((h) => h.decision === 'unknown')?.reason ?? r.trace.assumptions[0] ?? '') : '';
      impliedList.push(`  ${name}: ${r.flow.name} ${r.trace.verdict}${why ? ` (${why.slice(0, 160)})` : ''}`);
    }
  } catch (e) {
    errors.push(`engine: ${e instanceof Error ? e.message : String(e)}`);
  }

  let probed = { probed: 0, unknown: 0, unsupported: 0, unsupportedAt: [] };
  const p0 = process.hrtime.bigint();
  try {
    probed = probe(text, expected.endpoints);
  } catch (e) {
    errors.push(`probe threw: ${e instanceof Error ? e.message : e}`);
  }
  const probeMs = Number(process.hrtime.bigint() - p0) / 1e6;

  if (errors.length) failures++;
  rows.push({
    probed: probed.probed,
    unknownFlows: probed.unknown,
    unsupported: probed.unsupported,
    unsupportedAt: probed.unsupportedAt,
    probeMs: Math.round(probeMs),
    file: name,
    vpcs: view ? `${(view.vpcs ?? []).length}/${expected.vpcs.length}` : `?/${expected.vpcs.length}`,
    subnets: view ? `${(view.subnets ?? []).length}/${expected.subnets.length}` : `?/${expected.subnets.length}`,
    unknownCidrs,
    problems: view ? (view.problems ?? []).length : '?',
    modelMs: Math.round(m.ms),
    check: `${checkExit} (${findings})`,
    checkMs: Math.round(c.ms),
    implied: `${verdicts.reachable}/${verdicts.blocked}/${verdicts.unknown}`,
    impliedFindings,
    exposureFindings,
    impliedFlows: verdicts.reachable + verdicts.blocked + verdicts.unknown,
    errors,
  });
}

const cols = ['file', 'vpcs', 'subnets', 'unknownCidrs', 'problems', 'modelMs', 'check', 'checkMs', 'implied', 'impliedFindings', 'exposureFindings', 'probed', 'unknownFlows', 'unsupported'];
const heads = {
  file: 'file',
  vpcs: 'vpcs',
  subnets: 'subnets',
  unknownCidrs: 'unknown cidrs',
  problems: 'problems',
  modelMs: 'model ms',
  check: 'check exit (findings)',
  checkMs: 'check ms',
  implied: 'implied r/b/u',
  impliedFindings: 'implied findings',
  exposureFindings: 'exposure warnings',
  probed: 'probed',
  unknownFlows: 'unknown',
  unsupported: 'unsupported',
};
const width = Object.fromEntries(cols.map((c) => [c, Math.max(heads[c].length, ...rows.map((r) => String(r[c]).length))]));
const line = (r) => cols.map((c) => (c === 'file' ? String(r[c]).padEnd(width[c]) : String(r[c]).padStart(width[c]))).join('  ');
console.log(line(heads));
console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
for (const r of rows) {
  console.log(line(r) + (r.errors.length ? '  FAIL' : ''));
  for (const e of r.errors) console.log(`    ! ${e}`);
  if (r.unsupported > 0) console.log(`    unsupported at: ${r.unsupportedAt.slice(0, 6).join(', ')}`);
}
const total = (k) => rows.reduce((s, r) => s + r[k], 0);
const slowest = rows.reduce((a, r) => (r.modelMs > a.modelMs ? r : a), rows[0] ?? { modelMs: 0, file: '-' });
console.log('');
console.log(`Implied flows (${impliedList.length}):`);
for (const line of impliedList) console.log(line);
console.log('');
console.log(`Implied findings and sensitive exposures to review (${review.length}):`);
for (const f of review) console.log(`  ${f.file}:${f.line} ${f.code} ${f.resource ?? ''}: ${f.message}`);
console.log('');
console.log(
  `${rows.length} templates: ${rows.length - failures} ok, ${failures} failed; ` +
    `check exits 0:${checkExits[0]} 1:${checkExits[1]} 2:${checkExits[2]} other:${checkExits.other}; ` +
    `model ${total('modelMs')} ms total (slowest ${slowest.file} ${slowest.modelMs} ms), check ${total('checkMs')} ms total; ` +
    `${total('impliedFlows')} implied flows, ${total('impliedFindings')} implied findings, ${total('exposureFindings')} exposure warnings`,
);
const withUnsupported = rows.filter((r) => r.unsupported > 0).length;
console.log(
  `probe (tcp 443, every pair of candidate endpoints and internet to each): ${total('probed')} flows, ${total('unknownFlows')} unknown, ` +
    `${total('unsupported')} unknown with UNSUPPORTED_COMPONENT in ${withUnsupported} templates; probe ${total('probeMs')} ms total`,
);
process.exit(failures > 0 || rows.length === 0 ? 1 : 0);
