// Loads the seed texts for mutation: every YAML/JSON template the project keeps under test/fixtures
// (its own fixtures, never the external corpus), plus two generated templates so that the fuzz has
// material even before the fixture folders fill up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BASE, BASE_JSON } from './hostile.mjs';
import { generateTemplate } from '../bench/generate.mjs';

const MAX_SEED_BYTES = 256 * 1024;

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/i.test(name) && st.size <= MAX_SEED_BYTES) out.push(p);
  }
  return out;
}

/** { name, text }[] for the fixtures under `root/test/fixtures` (robustness regressions included). */
export function loadFixtureSources(root = process.cwd()) {
  const files = walk(join(root, 'test', 'fixtures'), []);
  const sources = files.map((p) => ({ name: relative(root, p), text: readFileSync(p, 'utf8') }));
  sources.push({ name: 'hostile:BASE', text: BASE }, { name: 'hostile:BASE_JSON', text: BASE_JSON }, { name: 'generated:3vpcs', text: generateTemplate(3, 5) });
  return sources;
}
