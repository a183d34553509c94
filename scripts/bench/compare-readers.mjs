// The two YAML readers side by side: proves the fast reader (server/src/template/yaml/fast-reader.ts)
// gives exactly the reference reader's result (tree, every range, problems) on the 59 corpus templates and on
// seeded mutations of them, and times both readers against the js-yaml floor on the corpus and on a generated
// ~1 MB template. Exits 1 if any text reads differently.
//
// Usage: node scripts/bench/compare-readers.mjs [mutationsPerTemplate=40] [--json out.json]

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { loadCfn } from './cfn-yaml.mjs';
import { generateTemplate, vpcsForSize } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'templates');
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const MUTATIONS = Number(args.find((a, i) => /^\d+$/.test(a) && (jsonAt < 0 || i !== jsonAt + 1)) ?? 40);

// The readers, bundled on the fly from the TypeScript sources (never shipped).
async function loadReaders() {
  const outfile = join(ROOT, '.bench', 'readers.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    stdin: {
      contents: `
        export { compareReaders, mutateYaml } from './server/src/template/yaml/reader-equality';
        export { readYaml, readYamlReference, readYamlFastOnly } from './server/src/template/yaml/read-yaml';
        export { ProblemList } from './server/src/template/limits';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

// The floor, as scripts/bench/run.mjs defines it: js-yaml@4 `load` with the CloudFormation tags (cfn-yaml.mjs).

/** Best of `runs` warm timings of fn (ms); a failing call (js-yaml on a template it rejects) counts as NaN. */
function best(fn, runs) {
  try {
    fn();
  } catch {
    return NaN;
  }
  let b = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

function stripBom(t) {
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

const R = await loadReaders();
const read = {
  fast: (t) => R.readYaml(t, new R.ProblemList()), // what parseTemplate runs: fast path, fallback if declined
  reference: (t) => R.readYamlReference(t, new R.ProblemList()),
  jsyaml: (t) => loadCfn(t),
};

const files = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort();
const tally = { equal: 0, declined: 0, different: 0 };
const mutTally = { equal: 0, declined: 0, different: 0 };
const differences = [];
const declinedFiles = [];
const times = { fast: 0, reference: 0, jsyaml: 0 };
let jsyamlFailures = 0;
for (const f of files) {
  const text = stripBom(readFileSync(join(CORPUS, f), 'utf8'));
  const v = R.compareReaders(text);
  tally[v.kind]++;
  if (v.kind === 'different') differences.push(`${f}: ${v.where}`);
  if (v.kind === 'declined') declinedFiles.push(f);
  const tj = best(() => read.jsyaml(text), 3);
  if (Number.isNaN(tj)) jsyamlFailures++;
  else {
    // Corpus totals only over the templates all three read, so the sums compare like with like.
    times.jsyaml += tj;
    times.fast += best(() => read.fast(text), 3);
    times.reference += best(() => read.reference(text), 3);
  }
  let seed = 0;
  for (const ch of f) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  R.mutateYaml(text, seed, MUTATIONS).forEach((m, i) => {
    const w = R.compareReaders(m);
    mutTally[w.kind]++;
    if (w.kind === 'different') differences.push(`${f} mutation ${i} (seed ${seed}): ${w.where}`);
  });
}

// The generated ~1 MB template of the benchmark.
const big = generateTemplate(vpcsForSize(1024 * 1024));
const bigVerdict = R.compareReaders(big);
const bigTimes = { fast: best(() => read.fast(big), 5), reference: best(() => read.reference(big), 5), jsyaml: best(() => read.jsyaml(big), 5) };

const f1 = (x) => x.toFixed(1);
const lines = [
  `Readers compared on ${files.length} corpus templates: ${tally.equal} equal, ${tally.declined} declined by the fast reader (read by the reference), ${tally.different} different.`,
  `Mutations (${MUTATIONS} per template): ${mutTally.equal} equal, ${mutTally.declined} declined, ${mutTally.different} different.`,
  declinedFiles.length ? `Declined: ${declinedFiles.join(', ')}` : 'Declined: none',
  '',
  '| text | fast (with fallback) | reference | js-yaml floor | fast ÷ floor | reference ÷ floor |',
  '|---|---:|---:|---:|---:|---:|',
  `| corpus, ${files.length - jsyamlFailures} templates js-yaml reads (sum of best of 3) | ${f1(times.fast)} ms | ${f1(times.reference)} ms | ${f1(times.jsyaml)} ms | ${(times.fast / times.jsyaml).toFixed(2)} | ${(times.reference / times.jsyaml).toFixed(2)} |`,
  `| generated ${(big.length / 1024).toFixed(0)} KB (${bigVerdict.kind}; best of 5) | ${f1(bigTimes.fast)} ms | ${f1(bigTimes.reference)} ms | ${f1(bigTimes.jsyaml)} ms | ${(bigTimes.fast / bigTimes.jsyaml).toFixed(2)} | ${(bigTimes.reference / bigTimes.jsyaml).toFixed(2)} |`,
];
if (differences.length) lines.push('', 'DIFFERENCES:', ...differences.slice(0, 50));
console.log(lines.join('\n'));
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ tally, mutTally, declinedFiles, differences, times, bigTimes, bigVerdict: bigVerdict.kind, bytes: big.length }, null, 2));
}
process.exit(differences.length || bigVerdict.kind === 'different' ? 1 : 0);
