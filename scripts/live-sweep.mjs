#!/usr/bin/env node
// The live analysis against the whole analysis on real templates (`npm run sweep:live`): keystrokes typed
// into each of the 59 templates of ../shared/corpus (random characters and deletions anywhere, most of them
// taken back on the next keystroke, so the text keeps breaking and coming back), and after each one the
// LiveDocument's answer compared with analyzeText of the same text: parse problems, findings, every flow
// result with its ranges, resources. Prints the mismatches (none expected) and which paths answered.
// Options: --edits N per template (default 60), --seed S.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { bundleEngine } from './bench/bundle-engine.mjs';
import { prng } from './bench/generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'templates');
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt);
const EDITS = opt('edits', 60);
const SEED = opt('seed', 1);

if (!existsSync(CORPUS)) {
  console.error(`no corpus at ${CORPUS}`);
  process.exit(1);
}
const engine = createRequire(import.meta.url)(await bundleEngine('.cache/live-sweep/engine.cjs'));
const totals = { templates: 0, edits: 0, mismatches: 0, paths: {} };
for (const name of readdirSync(CORPUS).sort()) {
  let text = readFileSync(join(CORPUS, name), 'utf8');
  const rnd = prng(SEED * 7919 + name.length * 31);
  const live = new engine.LiveDocument({});
  live.update(text);
  live.prepare();
  let undo = null;
  totals.templates++;
  for (let i = 0; i < EDITS; i++) {
    let e;
    if (undo && rnd() < 0.9) e = undo;
    else {
      const at = Math.floor(rnd() * text.length);
      const x = rnd();
      if (x < 0.4) e = { start: at, end: at, newText: ['a', '7', ' ', '\n', ':', '"', ',', '}', '#', '-'][Math.floor(rnd() * 10)] };
      else if (x < 0.7) e = { start: at, end: Math.min(text.length, at + 1), newText: '' };
      else e = { start: at, end: at, newText: '1' };
    }
    undo = e === undo ? null : { start: e.start, end: e.start + e.newText.length, newText: text.slice(e.start, e.end) };
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    if (i % 9 === 4) live.prepare();
    const got = live.update(text);
    totals.edits++;
    totals.paths[live.lastPath] = (totals.paths[live.lastPath] ?? 0) + 1;
    const want = engine.fullResult(text, engine.analyzeText(text, {}));
    const diff = ['syntaxError', 'isTemplate', 'parseProblems', 'findings', 'resources'].find((k) => !isDeepStrictEqual(got[k], want[k])) ?? (isDeepStrictEqual(got.flows(), want.flows()) ? null : 'flows');
    if (diff) {
      totals.mismatches++;
      console.log(`MISMATCH ${name} edit ${i} (${live.lastPath}): ${diff} differs after ${JSON.stringify(e)}`);
      break;
    }
  }
}
console.log(`${totals.templates} templates, ${totals.edits} keystrokes, ${totals.mismatches} mismatches; answered by path: ${JSON.stringify(totals.paths)}`);
process.exitCode = totals.mismatches === 0 ? 0 : 1;
