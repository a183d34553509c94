// YAML reader: short-form tags rewritten to long form, nested tags, unknown tags, aliases, merge
// keys, duplicate keys, multiple documents, half-typed text, scalars of the core schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { get, type LNode } from '../../../server/src/template/located';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/template/parse');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** The located tree without ranges, as plain data. */
function plain(node: LNode | null | undefined): unknown {
  if (!node) return node;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

function codes(text: string): string[] {
  return parseTemplate(text).problems.map((p) => p.code);
}

test('every short-form tag reads exactly as its long form', () => {
  const short = parseTemplate(fixture('short-form.yaml'));
  const long = parseTemplate(fixture('long-form.yaml'));
  assert.deepEqual(short.problems, []);
  assert.deepEqual(long.problems, []);
  assert.deepEqual(plain(short.root), plain(long.root));
  // Spot checks of the shape, so that a reader that dropped every tag in both files still fails.
  const props = get(get(get(short.root, 'Resources'), 'Subnet'), 'Properties');
  assert.deepEqual(plain(get(props, 'VpcId')), { Ref: 'Vpc' });
  assert.deepEqual(plain(get(props, 'CidrBlock')), {
    'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }],
  });
  assert.deepEqual(plain(get(props, 'AvailabilityZone')), { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
  assert.deepEqual(plain(get(get(short.root, 'Conditions'), 'NotProd')), { 'Fn::Not': [{ Condition: 'IsProd' }] });
});

test('each short tag maps to its long key', () => {
  const names: Array<[string, string]> = [
    ['Ref', 'Ref'], ['Condition', 'Condition'], ['Base64', 'Fn::Base64'], ['Cidr', 'Fn::Cidr'],
    ['FindInMap', 'Fn::FindInMap'], ['GetAtt', 'Fn::GetAtt'], ['GetAZs', 'Fn::GetAZs'],
    ['ImportValue', 'Fn::ImportValue'], ['Join', 'Fn::Join'], ['Select', 'Fn::Select'], ['Split', 'Fn::Split'],
    ['Sub', 'Fn::Sub'], ['Transform', 'Fn::Transform'], ['And', 'Fn::And'], ['Equals', 'Fn::Equals'],
    ['If', 'Fn::If'], ['Not', 'Fn::Not'], ['Or', 'Fn::Or'], ['Length', 'Fn::Length'], ['ToJsonString', 'Fn::ToJsonString'],
  ];
  for (const [tag, long] of names) {
    const scalar = parseTemplate(`X: !${tag} v\n`);
    assert.deepEqual(scalar.problems, [], tag);
    assert.deepEqual(plain(scalar.root), { X: { [long]: tag === 'GetAtt' ? 'v' : 'v' } }, tag);
    const list = parseTemplate(`X: !${tag} [a, 1]\n`);
    assert.deepEqual(plain(list.root), { X: { [long]: ['a', 1] } }, tag);
    const map = parseTemplate(`X: !${tag}\n  k: v\n`);
    assert.deepEqual(plain(map.root), { X: { [long]: { k: 'v' } } }, tag);
  }
});

test('tag ranges: the entry key is the tag, the map covers tag and value, GetAtt parts have their own ranges', () => {
  const text = 'A: !GetAtt Vpc.CidrBlock\nB: !Sub\n  - "${x}"\n  - x: !Ref Y\n';
  const r = parseTemplate(text);
  const slice = (n: { start: number; end: number }) => text.slice(n.start, n.end);
  const a = get(r.root, 'A')!;
  assert.equal(a.kind, 'map');
  if (a.kind !== 'map') return;
  assert.equal(slice(a.range), '!GetAtt Vpc.CidrBlock');
  assert.equal(slice(a.entries[0].keyRange), '!GetAtt');
  const parts = a.entries[0].value;
  assert.equal(parts.kind, 'seq');
  if (parts.kind !== 'seq') return;
  assert.deepEqual(parts.items.map((i) => slice(i.range)), ['Vpc', 'CidrBlock']);
  const b = get(r.root, 'B')!;
  assert.equal(slice(b.range), '!Sub\n  - "${x}"\n  - x: !Ref Y');
  const ref = get((get(b, 'Fn::Sub') as { items: LNode[] }).items[1], 'x')!;
  assert.equal(slice(ref.range), '!Ref Y');
  assert.equal(slice((ref as { entries: Array<{ keyRange: { start: number; end: number } }> }).entries[0].keyRange), '!Ref');
});

test('GetAtt: split at the first dot; list form kept; quoted scalar form split too', () => {
  assert.deepEqual(plain(parseTemplate('X: !GetAtt Db.Endpoint.Address').root), { X: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } });
  assert.deepEqual(plain(parseTemplate('X: !GetAtt [Db, Endpoint.Address]').root), { X: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } });
  const text = 'X: !GetAtt "Db.Port"';
  const r = parseTemplate(text);
  const seq = get(get(r.root, 'X'), 'Fn::GetAtt');
  assert.equal(seq?.kind, 'seq');
  if (seq?.kind !== 'seq') return;
  assert.deepEqual(seq.items.map((i) => text.slice(i.range.start, i.range.end)), ['Db', 'Port']);
});

test('nested tags: Sub inside Join, Ref inside If, tags inside flow and block collections', () => {
  const r = parseTemplate('A: !Join ["", [!Sub "arn:${AWS::Partition}", !Ref B]]\nC: !If [Cond, !Ref D, !GetAtt E.F]\n');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(plain(r.root), {
    A: { 'Fn::Join': ['', [{ 'Fn::Sub': 'arn:${AWS::Partition}' }, { Ref: 'B' }]] },
    C: { 'Fn::If': ['Cond', { Ref: 'D' }, { 'Fn::GetAtt': ['E', 'F'] }] },
  });
});

test('unknown tags are warnings at the tag, and the value is read untagged', () => {
  const text = 'A: !Rain::Embed file.txt\nB: !Foo 5\nC: !Foo [1]\n';
  const r = parseTemplate(text);
  assert.deepEqual(plain(r.root), { A: 'file.txt', B: 5, C: [1] });
  const unknown = r.problems.filter((p) => p.code === 'YAML_UNKNOWN_TAG');
  assert.equal(unknown.length, 3);
  assert.ok(unknown.every((p) => p.severity === 'warning'));
  assert.deepEqual(unknown.map((p) => text.slice(p.range.start, p.range.end)), ['!Rain::Embed', '!Foo', '!Foo']);
  // The library's own "unresolved tag" warnings never leak, for CloudFormation tags or others.
  assert.deepEqual(codes('A: !Ref B\nC: !Sub x\n'), []);
  assert.ok(!r.problems.some((p) => /Unresolved tag/i.test(p.message)));
});

test('standard tags are honoured and the core schema decides scalar types', () => {
  const r = parseTemplate('a: !!str 5\nb: !!int "7"\nc: "5432"\nd: 5432\ne: true\nf: ~\ng: 0x1F\nh: 1.5\ni: yes\nj: 010\nk: "true"\n');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(plain(r.root), { a: '5', b: 7, c: '5432', d: 5432, e: true, f: null, g: 31, h: 1.5, i: 'yes', j: 10, k: 'true' });
});

test('non-string keys read as their source text', () => {
  const r = parseTemplate('1: a\ntrue: b\n~: c\n[x]: d\n');
  assert.deepEqual(r.root?.kind === 'map' ? r.root.entries.map((e) => e.key) : [], ['1', 'true', '~', '[x]']);
});

test('aliases become null with an error; anchors are warned; merge keys stay plain keys', () => {
  const text = 'A: &anchor {x: 1}\nB: *anchor\nC:\n  <<: *anchor\n  y: 2\n';
  const r = parseTemplate(text);
  assert.deepEqual(plain(r.root), { A: { x: 1 }, B: null, C: { '<<': null, y: 2 } });
  const found = r.problems.map((p) => [p.code, p.severity, text.slice(p.range.start, p.range.end)]);
  assert.deepEqual(found, [
    ['YAML_ALIAS_UNSUPPORTED', 'warning', '&anchor'],
    ['YAML_ALIAS_UNSUPPORTED', 'error', '*anchor'],
    ['YAML_MERGE_KEY_UNSUPPORTED', 'error', '<<'],
    ['YAML_ALIAS_UNSUPPORTED', 'error', '*anchor'],
  ]);
});

test('an alias used as a key is reported and read as its text', () => {
  const r = parseTemplate('a: &k x\n*k : 1\n');
  assert.deepEqual(r.root?.kind === 'map' ? r.root.entries.map((e) => e.key) : [], ['a', '*k']);
  assert.deepEqual(r.problems.map((p) => [p.code, p.severity]), [['YAML_ALIAS_UNSUPPORTED', 'warning'], ['YAML_ALIAS_UNSUPPORTED', 'error']]);
});

test('an alias bomb is not expanded and returns with problems', () => {
  let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  const r = parseTemplate(text);
  assert.equal(r.root?.kind, 'map');
  assert.ok(r.problems.filter((p) => p.code === 'YAML_ALIAS_UNSUPPORTED' && p.severity === 'error').length >= 99);
  assert.deepEqual(plain(get(r.root, 'a11')), Array(9).fill(null));
});

test('duplicate keys: an error on each later key, the last value wins and keys stay unique', () => {
  const text = 'Resources:\n  A: 1\n  B: 2\n  A: 3\n';
  const r = parseTemplate(text);
  assert.deepEqual(plain(r.root), { Resources: { B: 2, A: 3 } });
  const dup = r.problems.filter((p) => p.code === 'DUPLICATE_KEY');
  assert.equal(dup.length, 1);
  assert.equal(dup[0].severity, 'error');
  assert.equal(dup[0].range.start, text.lastIndexOf('A'));
  const res = get(r.root, 'Resources');
  assert.equal(res?.kind === 'map' ? res.entries.length : -1, 2);
});

test('several YAML documents: the first is read, the rest reported', () => {
  const text = 'A: 1\n---\nB: 2\n';
  const r = parseTemplate(text);
  assert.deepEqual(plain(r.root), { A: 1 });
  assert.deepEqual(r.problems.map((p) => [p.code, text.slice(p.range.start, p.range.end)]), [['YAML_MULTIPLE_DOCUMENTS', '---']]);
  // A leading document marker alone is one document.
  assert.deepEqual(parseTemplate('---\nA: 1\n').problems, []);
});

test('half-typed YAML gives YAML_SYNTAX and still the readable part', () => {
  const r = parseTemplate(fixture('half-typed.yaml'));
  assert.ok(r.problems.some((p) => p.code === 'YAML_SYNTAX' && p.severity === 'error'), JSON.stringify(r.problems));
  const vpc = get(get(r.root, 'Resources'), 'Vpc');
  assert.deepEqual(plain(vpc), { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } });
  assert.deepEqual(plain(get(get(get(get(r.root, 'Resources'), 'Subnet'), 'Properties'), 'VpcId')), { Ref: 'Vpc' });
  // Cut in the middle of a key line too.
  const cut = parseTemplate('Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n  Sub');
  assert.ok(cut.problems.some((p) => p.code === 'YAML_SYNTAX'));
  assert.deepEqual(plain(get(get(cut.root, 'Resources'), 'Vpc')), { Type: 'AWS::EC2::VPC' });
});

test('empty values: Properties: null, an empty value, an empty tag value', () => {
  const r = parseTemplate('A:\n  Properties: null\nB:\nC: !Ref\nD: !GetAZs ""\n');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(plain(r.root), { A: { Properties: null }, B: null, C: { Ref: '' }, D: { 'Fn::GetAZs': '' } });
});

test('empty and blank texts have no root and no problem; a comment-only text neither', () => {
  for (const text of ['', '\uFEFF', '   \n\n', '# just a comment\n']) {
    const r = parseTemplate(text);
    assert.equal(r.root, null, JSON.stringify(text));
    assert.deepEqual(r.problems, []);
    assert.equal(r.format, 'yaml');
  }
});

test('block scalars keep their text; a Sub with a block scalar too', () => {
  const r = parseTemplate('A: !Sub |\n  echo ${X}\n  done\nB: >-\n  folded\n  text\n');
  assert.deepEqual(plain(r.root), { A: { 'Fn::Sub': 'echo ${X}\ndone\n' }, B: 'folded text' });
});
