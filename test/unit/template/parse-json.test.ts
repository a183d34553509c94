// JSON reader: values and types, same tree as the equivalent YAML, strict CloudFormation JSON
// (comments and trailing commas are errors), duplicate keys, broken JSON keeps what it can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { get, type LNode } from '../../../server/src/template/located';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/template/parse');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

function plain(node: LNode | null | undefined): unknown {
  if (!node) return node;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

test('a JSON template reads like the same template in YAML (short-form tags included)', () => {
  const json = parseTemplate(fixture('network.json'));
  const yaml = parseTemplate(fixture('network.yaml'));
  assert.equal(json.format, 'json');
  assert.equal(yaml.format, 'yaml');
  assert.deepEqual(json.problems, []);
  const j = plain(json.root) as Record<string, unknown>;
  const y = plain(yaml.root) as Record<string, unknown>;
  delete j.Description;
  delete y.Description;
  assert.deepEqual(j, y);
  assert.deepEqual(plain(get(get(get(json.root, 'Resources'), 'Rule'), 'Properties')), {
    RuleNumber: 100, PortRange: { From: 1024, To: 65535 }, CidrBlock: null,
  });
});

test('comments and trailing commas are JSON_SYNTAX errors; the rest is still read', () => {
  const text = '{\n  // comment\n  "A": [1, 2,],\n  "B": "x",\n}';
  const r = parseTemplate(text);
  assert.ok(r.problems.length >= 2, JSON.stringify(r.problems));
  assert.ok(r.problems.every((p) => p.code === 'JSON_SYNTAX' && p.severity === 'error'));
  assert.ok(r.problems.some((p) => text.slice(p.range.start, p.range.end) === '// comment'));
  assert.equal((plain(r.root) as Record<string, unknown>).B, 'x');
});

test('truncated JSON: a syntax error and the readable part', () => {
  const text = '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}, "Sub": {"Type": "AWS::EC2::Sub';
  const r = parseTemplate(text);
  assert.ok(r.problems.some((p) => p.code === 'JSON_SYNTAX'));
  assert.deepEqual(plain(get(get(r.root, 'Resources'), 'Vpc')), { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
  const cut = parseTemplate('{"A": ');
  assert.ok(cut.problems.some((p) => p.code === 'JSON_SYNTAX'));
  assert.deepEqual(plain(cut.root), { A: null });
});

test('duplicate JSON keys: error at the later key, last wins', () => {
  const text = '{"A": 1, "B": 2, "A": {"x": true}}';
  const r = parseTemplate(text);
  assert.deepEqual(plain(r.root), { B: 2, A: { x: true } });
  assert.deepEqual(r.problems.map((p) => [p.code, p.range.start]), [['DUPLICATE_KEY', text.lastIndexOf('"A"')]]);
});

test('JSON detection: first non-blank character { or [; string values stay strings', () => {
  assert.equal(parseTemplate('\n\t {"A": "5432"}').format, 'json');
  assert.equal(parseTemplate('[1]').format, 'json');
  assert.equal(parseTemplate('A: {"b": 1}').format, 'yaml');
  assert.deepEqual(plain(parseTemplate('{"A": "5432", "B": 5432, "C": 1.5e3}').root), { A: '5432', B: 5432, C: 1500 });
});

test('escaped strings: the value is unescaped, the range keeps the quotes and escapes', () => {
  const text = '{"A": "line\\nnext \\u00e9"}';
  const r = parseTemplate(text);
  const a = get(r.root, 'A')!;
  assert.equal(a.kind === 'scalar' && a.value, 'line\nnext é');
  assert.equal(text.slice(a.range.start, a.range.end), '"line\\nnext \\u00e9"');
});
