// The fast YAML reader (server/src/template/yaml/fast-reader.ts) against the reference reader (the `yaml`
// library's parser and composer): on every YAML fixture of the repo and examples/, their CRLF twins and
// hundreds of seeded mutations, the fast reader either declines or gives exactly the reference result
// (kinds, values incl. -0 and NaN, key order, every range and key range, problems). The fixtures under
// test/fixtures/template/fast/ must really take the fast path (or, named decline-*, really decline), so
// the equality is not vacuous; and the comparison itself is shown to catch a one-character range shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import type { LNode } from '../../../server/src/template/located';
import { ProblemList } from '../../../server/src/template/limits';
import { readYamlFastOnly, readYamlReference } from '../../../server/src/template/yaml/read-yaml';
import { compareReaders, firstDifference, mutateYaml } from '../../../server/src/template/yaml/reader-equality';

const ROOT = path.resolve(__dirname, '../../../..');
const FAST = path.join(ROOT, 'test/fixtures/template/fast');

function yamlFiles(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && recursive) out.push(...yamlFiles(p, true));
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const read = (file: string): string => {
  const t = readFileSync(file, 'utf8');
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
};
const crlf = (t: string): string => t.replace(/\r?\n/g, '\r\n');
const ALL = [...yamlFiles(path.join(ROOT, 'test/fixtures'), true), ...yamlFiles(path.join(ROOT, 'examples'), false)];

test('the repo has YAML fixtures to compare on', () => {
  assert.ok(ALL.length >= 10, `only ${ALL.length} YAML fixtures found`);
});

test('every YAML fixture and example reads the same with both readers (or the fast one declines)', () => {
  for (const file of ALL) {
    const text = read(file);
    for (const [label, t] of [['LF', text], ['CRLF', crlf(text)]] as const) {
      const v = compareReaders(t);
      assert.notEqual(v.kind, 'different', `${path.relative(ROOT, file)} (${label}): ${v.kind === 'different' ? v.where : ''}`);
    }
  }
});

test('the fast-path fixtures really take the fast path, the decline-* ones really decline', () => {
  const files = yamlFiles(FAST, false);
  assert.ok(files.length >= 6);
  for (const file of files) {
    const name = path.basename(file);
    const expected = name.startsWith('decline-') ? 'declined' : 'equal';
    for (const t of [read(file), crlf(read(file))]) {
      const v = compareReaders(t);
      assert.equal(v.kind, expected, `${name}: ${v.kind === 'different' ? v.where : v.kind}`);
    }
  }
});

test('seeded mutations of every fixture read the same with both readers (or the fast one declines)', () => {
  let equal = 0;
  let total = 0;
  ALL.forEach((file, i) => {
    const text = read(file);
    const perFile = Math.max(12, Math.ceil(600 / ALL.length));
    mutateYaml(text, 1000 + i, perFile).forEach((m, k) => {
      const v = compareReaders(m);
      total++;
      if (v.kind === 'equal') equal++;
      assert.notEqual(v.kind, 'different', `${path.relative(ROOT, file)} mutation ${k} (seed ${1000 + i}): ${v.kind === 'different' ? v.where : ''}`);
    });
  });
  assert.ok(total >= 300, `only ${total} mutations`);
  // Not vacuous: a good share of the mutated texts still take the fast path.
  assert.ok(equal >= total / 5, `only ${equal} of ${total} mutations took the fast path`);
});

test('parseTemplate gives the reference result on the fast-path fixtures (root and problems)', () => {
  for (const file of yamlFiles(FAST, false)) {
    const text = read(file);
    const refProblems = new ProblemList();
    const ref = readYamlReference(text, refProblems);
    const got = parseTemplate(text);
    assert.equal(firstDifference(ref, got.root, 'root'), undefined, path.basename(file));
    assert.deepEqual(got.problems, refProblems.items, path.basename(file));
  }
});

test('duplicate keys: the fast path reports them exactly as the reference does', () => {
  const text = read(path.join(FAST, 'layout.yaml'));
  const problems = new ProblemList();
  const fast = readYamlFastOnly(text, problems);
  assert.ok(fast, 'layout.yaml takes the fast path');
  assert.deepEqual(problems.items.map((p) => p.code), ['DUPLICATE_KEY', 'DUPLICATE_KEY']);
  const refProblems = new ProblemList();
  readYamlReference(text, refProblems);
  assert.deepEqual(problems.items, refProblems.items);
});

/** A deep copy of a tree with one change applied to the n-th node (pre-order). */
function tamper(node: LNode, n: number, change: (x: LNode) => void): LNode {
  const copy = JSON.parse(JSON.stringify(node), (_k, v) => (v === '__NaN__' ? NaN : v)) as LNode;
  let i = 0;
  const visit = (x: LNode): boolean => {
    if (i++ === n) {
      change(x);
      return true;
    }
    if (x.kind === 'seq') return x.items.some(visit);
    if (x.kind === 'map') return x.entries.some((e) => visit(e.value));
    return false;
  };
  visit(copy);
  return copy;
}

test('the comparison is strict: a one-character range shift, a key range, a value or a key is caught', () => {
  const text = read(path.join(FAST, 'tags.yaml'));
  const ref = readYamlReference(text, new ProblemList())!;
  assert.equal(firstDifference(ref, tamper(ref, 0, () => undefined), 'root'), undefined);
  assert.match(firstDifference(ref, tamper(ref, 7, (x) => { x.range.end += 1; }), 'root') ?? '', /range/);
  assert.match(
    firstDifference(ref, tamper(ref, 0, (x) => { if (x.kind === "map") x.entries[1].keyRange.start -= 1; }), 'root') ?? '',
    /\(key\): range/,
  );
  assert.match(firstDifference(ref, tamper(ref, 0, (x) => { if (x.kind === "map") x.entries[1].key += "x"; }), 'root') ?? '', /key/);
  const zero: LNode = { kind: 'scalar', value: 0, range: { start: 0, end: 1 } };
  assert.match(firstDifference(zero, { ...zero, value: -0 }, 'v') ?? '', /value/);
});
