#!/usr/bin/env node
// The live analysis against the whole analysis on real templates (`npm run sweep:live`): keystrokes typed
// into each of the 59 templates of ../shared/corpus (random characters and deletions anywhere, most of them
// taken back on the next keystroke, so the text keeps breaking and coming back), and after each one the
// LiveDocument's answer compared with analyzeText of the same text: parse problems, findings, every flow
// result with its ranges, resources. Prints the mismatches (none expected) and which paths answered.
// Each template is swept twice: as it is, and with flows that name addresses added to its template-level
// Metadata (public addresses, CIDRs, SourceIp pins, hosts and blocks of its subnets, a fixed address of
// one of its endpoints, an address in a VPC but in no subnet), drawn from its own model; then generated
// templates with every kind of address flow. Last, the corpus templates that import (Fn::ImportValue) are
// swept as documents of a folder holding every corpus template that exports (each stack named after its
// file, a `*StackName`/`Parent*Stack` parameter pointing at the exporter of its family), with a flow into
// the exporter's subnet added; each answer is compared with analyzeInWorkspace of the same text.
// Options: --edits N per template (default 60), --seed S.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import * as esbuild from 'esbuild';
import { bundleEngine } from './bench/bundle-engine.mjs';
import { generateTemplate, prng } from './bench/generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.PACKETWALK_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus', 'templates');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt);
const EDITS = opt('edits', 60);
const SEED = opt('seed', 1);

if (!existsSync(CORPUS)) {
  console.error(`no corpus at ${CORPUS}`);
  process.exit(1);
}
const engine = createRequire(import.meta.url)(await bundleEngine('.cache/live-sweep/engine.cjs'));
const totals = { templates: 0, edits: 0, mismatches: 0, paths: {}, withAddressFlows: 0 };

/** The text of `text` with `flows` (objects) added to its template-level Metadata.PacketWalk.Flows; null when it cannot be done plainly. */
function withFlows(text, flows) {
  if (flows.length === 0) return null;
  if (/^\s*\{/.test(text)) {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      return null;
    }
    if (!doc || typeof doc !== 'object' || doc.Metadata?.PacketWalk) return null;
    doc.Metadata = { ...(doc.Metadata ?? {}), PacketWalk: { Flows: flows } };
    return JSON.stringify(doc, null, 1) + '\n';
  }
  const item = (f) => `      - {${Object.entries(f).map(([k, v]) => `${k}: ${typeof v === 'number' ? v : `'${v}'`}`).join(', ')}}`;
  const block = ['  PacketWalk:', '    Flows:', ...flows.map(item)].join('\n');
  const meta = /^Metadata:[ \t]*(#.*)?$/m.exec(text);
  if (meta) return /^ {2}PacketWalk:/m.test(text) ? null : text.slice(0, meta.index + meta[0].length) + '\n' + block + text.slice(meta.index + meta[0].length);
  if (/^Metadata:/m.test(text)) return null;
  return `${text.replace(/\n*$/, '\n')}Metadata:\n${block}\n`;
}

/** Flows naming addresses, drawn from the template's own model (whatever it has of endpoints, subnets, VPCs). */
function addressFlowsFor(text) {
  const model = engine.analyzeText(text, {}).model;
  if (!model) return [];
  const known = (x) => x && typeof x === 'object' && !('reason' in x);
  const ip = (c, k) => engine.formatIp({ family: c.family, value: c.base + BigInt(k) });
  const subnets = model.subnets.filter((s) => known(s.cidr) && s.cidr.family === 4 && s.cidr.prefix <= 28);
  const eps = model.endpoints.filter((e) => e.placements.length > 0).map((e) => e.id);
  const names = [...eps, ...subnets.map((s) => s.id)];
  if (names.length === 0) return [];
  const a = names[0];
  const b = names[1 % names.length];
  const flows = [];
  let n = 0;
  const add = (f) => flows.push({ Name: `sweep-address-${n++}`, Protocol: 'tcp', Port: 443, ...f });
  add({ From: '198.51.100.10', To: a });
  add({ From: a, To: '8.8.8.8' });
  add({ From: '198.51.100.0/24', To: b, Port: 22 });
  add({ From: 'internet', To: a, SourceIp: '203.0.113.9' });
  for (const s of subnets.slice(0, 3)) {
    add({ From: a, To: ip(s.cidr, 10) });
    add({ From: b, To: engine.formatCidr(s.cidr), Port: 5432 });
  }
  if (subnets.length >= 2) add({ From: ip(subnets[0].cidr, 11), To: ip(subnets[subnets.length - 1].cidr, 12) });
  for (const ep of model.endpoints.slice(0, 3)) {
    const fixed = ep.placements.find((p) => known(p.privateIp))?.privateIp;
    if (fixed) {
      add({ From: a, To: engine.formatIp(fixed) });
      add({ From: ep.id, To: b, SourceIp: engine.formatIp(fixed) });
    }
  }
  const sub = subnets.find((s) => eps.length && model.endpoints.some((e) => e.placements.some((p) => p.subnet === s.id)));
  if (sub) {
    const holder = model.endpoints.find((e) => e.placements.some((p) => p.subnet === sub.id));
    add({ From: holder.id, To: b, SourceIp: ip(sub.cidr, 20) });
  }
  // An address in a VPC but in no subnet: the last address of the VPC's block, when no subnet holds it.
  for (const v of model.vpcs) {
    const c = v.cidrs.map((x) => x.cidr).find((x) => known(x) && x.family === 4);
    if (!c) continue;
    const last = ip(c, 2 ** (32 - c.prefix) - 6);
    if (!subnets.some((s) => engine.cidrContainsIp(s.cidr, engine.parseIp(last)))) {
      add({ From: a, To: last });
      break;
    }
  }
  return flows;
}

/** The characters a random keystroke types. */
const KEYS = ['a', '7', ' ', '\n', ':', '"', ',', '}', '#', '-'];

/** A random keystroke anywhere in `text` (typing one of `keys`, deleting, typing a digit), or, mostly, `undo`. */
function keystroke(rnd, text, undo, keys) {
  if (undo && rnd() < 0.9) return undo;
  const at = Math.floor(rnd() * text.length);
  const x = rnd();
  if (x < 0.4) return { start: at, end: at, newText: keys[Math.floor(rnd() * keys.length)] };
  if (x < 0.7) return { start: at, end: Math.min(text.length, at + 1), newText: '' };
  return { start: at, end: at, newText: '1' };
}

/** The first part in which a live answer differs from the whole one, or null. */
function firstDifference(got, want) {
  return ['syntaxError', 'isTemplate', 'parseProblems', 'findings', 'resources'].find((k) => !isDeepStrictEqual(got[k], want[k])) ?? (isDeepStrictEqual(got.flows(), want.flows()) ? null : 'flows');
}

const templates = readdirSync(CORPUS)
  .sort()
  .flatMap((name) => {
    const text = readFileSync(join(CORPUS, name), 'utf8');
    const added = withFlows(text, addressFlowsFor(text));
    if (added) totals.withAddressFlows++;
    return added ? [{ name, text }, { name: `${name} + address flows`, text: added }] : [{ name, text }];
  });
for (const seed of [1, 2]) templates.push({ name: `generated (12 VPCs, every address flow kind, seed ${seed})`, text: generateTemplate(12, seed, 'all') });

for (const { name, text: original } of templates) {
  let text = original;
  const rnd = prng(SEED * 7919 + name.length * 31);
  const live = new engine.LiveDocument({});
  live.update(text);
  live.prepare();
  let undo = null;
  totals.templates++;
  for (let i = 0; i < EDITS; i++) {
    const e = keystroke(rnd, text, undo, KEYS);
    undo = e === undo ? null : { start: e.start, end: e.start + e.newText.length, newText: text.slice(e.start, e.end) };
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    if (i % 9 === 4) live.prepare();
    const got = live.update(text);
    totals.edits++;
    totals.paths[live.lastPath] = (totals.paths[live.lastPath] ?? 0) + 1;
    const want = engine.fullResult(text, engine.analyzeText(text, {}));
    const diff = firstDifference(got, want);
    if (diff) {
      totals.mismatches++;
      console.log(`MISMATCH ${name} edit ${i} (${live.lastPath}): ${diff} differs after ${JSON.stringify(e)}`);
      break;
    }
  }
}
console.log(`${totals.templates} templates (${totals.withAddressFlows} corpus templates also with address flows), ${totals.edits} keystrokes, ${totals.mismatches} mismatches; answered by path: ${JSON.stringify(totals.paths)}`);
const stacks = await sweepStacks();
console.log(`cross-stack: ${stacks.documents} importing templates, ${stacks.edits} keystrokes, ${stacks.mismatches} mismatches; answered by path: ${JSON.stringify(stacks.paths)}; whole because ${JSON.stringify(stacks.whole)}`);
process.exitCode = totals.mismatches === 0 && stacks.mismatches === 0 ? 0 : 1;

/** The importing corpus templates typed into as documents of a folder of the exporting ones. */
async function sweepStacks() {
  const outfile = join(ROOT, '.cache', 'live-sweep', 'stacks.cjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'scripts', 'live-sweep-stacks-entry.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error' });
  const ws = createRequire(import.meta.url)(outfile);
  const out = { documents: 0, edits: 0, mismatches: 0, paths: {}, whole: {} };
  const names = readdirSync(CORPUS).sort();
  const texts = new Map(names.map((n) => [n, readFileSync(join(CORPUS, n), 'utf8')]));
  const file = (n) => `/corpus/${n}`;
  const exporters = names.filter((n) => /\bExport\b/.test(texts.get(n)));
  for (const importer of names.filter((n) => texts.get(n).includes('ImportValue'))) {
    const family = importer.split('__')[0];
    const partner = exporters.find((n) => n !== importer && n.startsWith(`${family}__`) && /vpc/i.test(n)) ?? exporters.find((n) => n !== importer);
    const parameters = {};
    for (const m of texts.get(importer).matchAll(/^ {2}((?:Parent\w*Stack)|(?:\w*StackName)):/gm)) parameters[m[1]] = ws.stackNameOfFile(partner);
    // A flow into the partner's first subnet, named as people name another stack's element.
    const subnet = ws.analyzeText(texts.get(partner), {}).model?.subnets[0]?.id;
    let text = texts.get(importer);
    if (subnet && !/^ {2}PacketWalk:/m.test(text)) {
      const flows = `  PacketWalk:\n    Flows:\n      - {Name: sweep-into-${ws.stackNameOfFile(partner)}, From: internet, To: '${ws.stackNameOfFile(partner)}/${subnet}', Protocol: tcp, Port: 443}`;
      const meta = /^Metadata:[ \t]*$/m.exec(text);
      text = meta ? text.slice(0, meta.index + meta[0].length) + '\n' + flows + text.slice(meta.index + meta[0].length) : /^Metadata:/m.test(text) ? text : `${text.replace(/\n*$/, '\n')}Metadata:\n${flows}\n`;
    }
    const stackList = [importer, ...exporters.filter((n) => n !== importer)].map((n) => ({ name: ws.stackNameOfFile(n), file: file(n), stackName: ws.stackNameOfFile(n) }));
    const input = (own) => ({ stacks: stackList, files: new Map(stackList.map((s) => [s.file, { text: s.file === file(importer) ? own : texts.get(s.file.slice('/corpus/'.length)) }])) });
    const options = { parameters };
    const rnd = prng(SEED * 104729 + importer.length);
    const context = input(text);
    const live = new ws.LiveDocument(options, new ws.WorkspaceEngine(file(importer), context, options, new ws.StackCache()));
    live.update(text);
    live.prepare();
    out.documents++;
    let undo = null;
    for (let i = 0; i < EDITS; i++) {
      // '/' too: stack-qualified names (`network/Subnet`) are typed and broken.
      const e = keystroke(rnd, text, undo, [...KEYS, '/']);
      undo = e === undo ? null : { start: e.start, end: e.start + e.newText.length, newText: text.slice(e.start, e.end) };
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      if (i % 9 === 4) live.prepare();
      const got = live.update(text);
      out.edits++;
      out.paths[live.lastPath] = (out.paths[live.lastPath] ?? 0) + 1;
      if (live.lastPath === 'whole') out.whole[live.lastReason] = (out.whole[live.lastReason] ?? 0) + 1;
      const want = ws.fullResult(text, ws.analyzeInWorkspace(file(importer), text, input(text), options));
      const diff = firstDifference(got, want);
      if (diff) {
        out.mismatches++;
        console.log(`MISMATCH ${importer} (with ${partner}) edit ${i} (${live.lastPath}): ${diff} differs after ${JSON.stringify(e)}`);
        break;
      }
    }
  }
  return out;
}
