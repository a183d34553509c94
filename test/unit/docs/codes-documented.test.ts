// Every problem/finding code the engine, the LSP or the CLI can emit has an entry in docs/codes.md:
// diagnostics link `codeDescription.href` and SARIF rules link `helpUri` to `docs/codes.md#<code lower
// case>`, so a code without a heading is a dead link in the editor and in CI reports.
//
// The scan reads the source text under server/src, not a list kept by hand, so a new code fails this
// test until it is documented. Codes appear as quoted UPPER_SNAKE literals (`code: 'X'`, `report(ctx,
// 'X', …)`, `problems.add('X', …)`, `'X' as const`, code tables); a literal that is only compared with
// (`w.code === 'TAG_RESOLVE_FAILED'`) is a third-party library's code, not ours, and is skipped. A code
// built from a template literal (`FLOW_MISSING_${key}`) needs at least one heading with that prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CODE = String.raw`[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+`;

export interface ScannedCodes {
  codes: Set<string>;
  /** Prefixes of codes built at run time, e.g. `FLOW_MISSING_` from `` `FLOW_MISSING_${…}` ``. */
  prefixes: Set<string>;
}

export function scanCodes(text: string, into: ScannedCodes = { codes: new Set(), prefixes: new Set() }): ScannedCodes {
  const literal = new RegExp(String.raw`(===|!==|==|!=)?\s*(['"\x60])(${CODE})\2`, 'g');
  for (const m of text.matchAll(literal)) {
    if (m[1]) continue; // compared with, not emitted
    into.codes.add(m[3]);
  }
  const prefix = new RegExp(String.raw`\x60(${CODE}_)\$\{`, 'g');
  for (const m of text.matchAll(prefix)) into.prefixes.add(m[1]);
  return into;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function docHeadings(): string[] {
  return [...readFileSync(join('docs', 'codes.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]);
}

test('the scanner finds emitted codes in every literal form and skips comparisons', () => {
  const s = scanCodes(
    [
      `problems.push({ code: 'ONE_CODE', message: 'm' });`,
      `report(ctx, "TWO_CODE", 'x');`,
      `const c = 'THREE_CODE' as const;`,
      `const TABLE = { a: \`FOUR_CODE\` };`,
      `if (w.code === 'LIBRARY_CODE') continue;`,
      `if (p.code !== "OTHER_LIBRARY") return;`,
      `err(problems, \`FLOW_PART_\${key.toUpperCase()}\`, 'm');`,
      `const notACode = 'Hello'; const single = 'WORD';`,
    ].join('\n'),
  );
  assert.deepEqual([...s.codes].sort(), ['FOUR_CODE', 'ONE_CODE', 'THREE_CODE', 'TWO_CODE']);
  assert.deepEqual([...s.prefixes], ['FLOW_PART_']);
});

test('docs/codes.md has a heading for every code emitted under server/src', () => {
  const scanned: ScannedCodes = { codes: new Set(), prefixes: new Set() };
  const files = tsFiles(join('server', 'src'));
  for (const f of files) scanCodes(readFileSync(f, 'utf8'), scanned);

  // The scan must really see each stage's codes (a broken scan would pass vacuously).
  for (const code of ['YAML_SYNTAX', 'JSON_SYNTAX', 'UNDEFINED_REFERENCE', 'CIDR_INVALID', 'NACL_BAD_PORTS', 'MODEL_BAD_CIDR',
    'FLOW_DUPLICATE_NAME', 'SUBNET_ACL_RESTRICTION', 'FLOW_UNKNOWN_ENDPOINT', 'ANALYSIS_FAILED', 'NOT_A_TEMPLATE']) {
    assert.ok(scanned.codes.has(code), `the scan did not find ${code}`);
  }
  assert.ok(scanned.codes.size >= 80, `only ${scanned.codes.size} codes found`);
  assert.ok(!scanned.codes.has('TAG_RESOLVE_FAILED'), 'a third-party code that is only compared with was taken for ours');

  const headings = new Set(docHeadings());
  const missing = [...scanned.codes].filter((c) => !headings.has(c.toLowerCase())).sort();
  assert.deepEqual(missing, [], `codes without an entry in docs/codes.md: ${missing.join(', ')}`);
  for (const p of scanned.prefixes) {
    assert.ok([...headings].some((h) => h.startsWith(p.toLowerCase())), `no documented code starts with ${p}`);
  }
});

test('docs/codes.md headings are unique lower-case codes and the contents links resolve', () => {
  const text = readFileSync(join('docs', 'codes.md'), 'utf8');
  const headings = docHeadings();
  for (const h of headings) assert.match(h, /^[a-z0-9]+(_[a-z0-9]+)+$/, `heading "${h}" is not a code in lower case`);
  const dupes = headings.filter((h, i) => headings.indexOf(h) !== i);
  assert.deepEqual(dupes, []);
  // GitHub's anchor for a section heading: lower case, punctuation dropped, spaces to hyphens.
  const sectionAnchors = new Set(
    [...text.matchAll(/^# (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')),
  );
  const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 5, 'the table of contents is missing');
  for (const l of links) assert.ok(sectionAnchors.has(l) || headings.includes(l), `contents link #${l} goes nowhere`);
  // Every entry says something: at least two sentences of text under its heading.
  for (const m of text.matchAll(/^## ([a-z0-9_]+)\n([\s\S]*?)(?=^#{1,2} |(?![\s\S]))/gm)) {
    assert.ok((m[2].match(/[.!?](\s|$)/g) ?? []).length >= 2, `entry ${m[1]} is too short`);
  }
});
