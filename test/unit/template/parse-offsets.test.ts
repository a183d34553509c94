// Offsets: every value's and key's range slices back to its source text, for YAML and JSON, with a
// byte-order mark, CRLF line ends and non-BMP characters (UTF-16 surrogate pairs) before the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { get, type LNode, type ParseResult } from '../../../server/src/template/located';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/template/parse');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

const slice = (r: ParseResult, n: { start: number; end: number }) => r.text.slice(n.start, n.end);

function at(root: LNode | null, ...keys: string[]): LNode {
  let n: LNode | undefined | null = root;
  for (const k of keys) n = get(n, k);
  assert.ok(n, `no node at ${keys.join('.')}`);
  return n;
}

/** A comment/description with emoji (surrogate pairs) goes before the values, and the line ends vary. */
function variants(text: string, format: 'yaml' | 'json'): Array<[string, string]> {
  const emoji = format === 'yaml'
    ? text.replace('Description: ', '# 🚀 network 🛰️ 𝕏\nDescription: 🦄 ')
    : text.replace('"Description": "', '"Description": "🦄 𝕏 ');
  return [
    ['plain', text],
    ['bom', '\uFEFF' + text],
    ['crlf', text.replace(/\n/g, '\r\n')],
    ['emoji', emoji],
    ['bom+crlf+emoji', '\uFEFF' + emoji.replace(/\n/g, '\r\n')],
  ];
}

for (const format of ['yaml', 'json'] as const) {
  const source = fixture(`network.${format}`);
  for (const [name, text] of variants(source, format)) {
    test(`${format} ${name}: value and key ranges slice back to their source`, () => {
      const r = parseTemplate(text);
      assert.deepEqual(r.problems, []);
      assert.equal(r.format, format);
      assert.equal(r.text, text.replace(/^\uFEFF/, ''));
      const q = (s: string) => (format === 'json' ? JSON.stringify(s) : s);
      const cidr = at(r.root, 'Resources', 'Vpc', 'Properties', 'CidrBlock');
      assert.equal(slice(r, cidr.range), q('10.0.0.0/16'));
      assert.equal(slice(r, at(r.root, 'Resources', 'Vpc', 'Properties', 'EnableDnsSupport').range), 'true');
      assert.equal(slice(r, at(r.root, 'Resources', 'Rule', 'Properties', 'RuleNumber').range), '100');
      assert.equal(slice(r, at(r.root, 'Resources', 'Rule', 'Properties', 'PortRange', 'To').range), '65535');
      assert.equal(slice(r, at(r.root, 'Resources', 'Rule', 'Properties', 'CidrBlock').range), 'null');
      assert.equal(slice(r, at(r.root, 'AWSTemplateFormatVersion').range), '"2010-09-09"');
      assert.equal(slice(r, at(r.root, 'Resources', 'Vpc', 'Type').range), q('AWS::EC2::VPC'));
      // Intrinsics: the Ref's value, the GetAtt's parts.
      const ref = at(r.root, 'Resources', 'Subnet', 'Properties', 'VpcId', 'Ref');
      assert.equal(slice(r, ref.range), q('Vpc'));
      const select = at(r.root, 'Resources', 'Subnet', 'Properties', 'CidrBlock', 'Fn::Select');
      assert.equal(select.kind, 'seq');
      const cidrFn = at((select as { items: LNode[] }).items[1], 'Fn::Cidr') as { items: LNode[] };
      const getAtt = at(cidrFn.items[0], 'Fn::GetAtt') as { items: LNode[] };
      assert.deepEqual(getAtt.items.map((i) => slice(r, i.range)), [q('Vpc'), q('CidrBlock')]);
      assert.equal(slice(r, cidrFn.items[1].range), '4');
      // Keys: every entry's keyRange is the key as written.
      const props = at(r.root, 'Resources', 'Subnet', 'Properties');
      assert.equal(props.kind, 'map');
      if (props.kind !== 'map') return;
      assert.deepEqual(props.entries.map((e) => slice(r, e.keyRange)), ['VpcId', 'CidrBlock', 'MapPublicIpOnLaunch'].map(q));
      // Description value (after the emoji) still slices right.
      const desc = at(r.root, 'Description');
      assert.ok(slice(r, desc.range).includes('A VPC with one subnet'));
      assert.equal(desc.kind === 'scalar' && slice(r, desc.range).replace(/^"|"$/g, ''), desc.kind === 'scalar' && desc.value);
    });
  }
}

test('YAML map and sequence ranges start at their first key or item and end at their last character', () => {
  const text = 'A:\n  B: 1\n  C: [x, y]\n\n# tail comment\n';
  const r = parseTemplate(text);
  assert.equal(slice(r, at(r.root, 'A').range), 'B: 1\n  C: [x, y]');
  assert.equal(slice(r, at(r.root, 'A', 'C').range), '[x, y]');
});

test('short-form tag ranges in CRLF text with emoji before them', () => {
  const text = '\uFEFF# 🚀🚀\r\nA: !If [Cond, !Ref "Vpc", !GetAtt Vpc.CidrBlock]\r\n';
  const r = parseTemplate(text);
  assert.deepEqual(r.problems, []);
  const ifNode = at(r.root, 'A');
  assert.equal(slice(r, ifNode.range), '!If [Cond, !Ref "Vpc", !GetAtt Vpc.CidrBlock]');
  const items = (at(ifNode, 'Fn::If') as { items: LNode[] }).items;
  assert.equal(slice(r, items[1].range), '!Ref "Vpc"');
  assert.equal(slice(r, at(items[1], 'Ref').range), '"Vpc"');
  const parts = (at(items[2], 'Fn::GetAtt') as { items: LNode[] }).items;
  assert.deepEqual(parts.map((p) => slice(r, p.range)), ['Vpc', 'CidrBlock']);
});
