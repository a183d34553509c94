// The pieces the live analysis is built from, each on its own: the changed region of two texts, reading a
// stretch of resources on its own (and refusing what cannot be read that way), the layout of a template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedRegion } from '../../../server/src/analyze/live/text-diff';
import { layoutOf, readJsonStretch, readStretch } from '../../../server/src/analyze/live/chunks';
import { namesIn } from '../../../server/src/analyze/live/names';
import { parseTemplate } from '../../../server/src/template/parse';

test('changedRegion finds the common prefix and suffix, across the block sizes it compares by', () => {
  const base = 'x'.repeat(70_000) + 'MIDDLE' + 'y'.repeat(70_000);
  assert.deepEqual(changedRegion(base, base), { a: base.length, oldEnd: base.length });
  const edited = base.replace('MIDDLE', 'MIDdLE');
  assert.deepEqual(changedRegion(base, edited), { a: 70_003, oldEnd: 70_004 });
  const inserted = base.replace('MIDDLE', 'MID+DLE');
  assert.deepEqual(changedRegion(base, inserted), { a: 70_003, oldEnd: 70_003 });
  // A repeated character: the prefix is taken first, the suffix never overlaps it.
  assert.deepEqual(changedRegion('aaaa', 'aaaaa'), { a: 4, oldEnd: 4 });
});

test('a YAML stretch reads as its resources, with spans from line start to line start', () => {
  const stretch = '  A:\n    Type: AWS::EC2::VPC\n  # about B\n  B: {Type: AWS::EC2::Subnet}\n\n';
  const read = readStretch(stretch, 2);
  assert.ok(read);
  // The comment line before B is part of A's chunk (its trailing lines, up to B's line).
  const b = stretch.indexOf('  B:');
  assert.deepEqual(read.map((r) => [r.entry.key, r.from, r.to]), [['A', 0, b], ['B', b, stretch.length]]);
  // Offsets are the stretch's own: the key B starts where the text says.
  assert.equal(read[1].entry.keyRange.start, stretch.indexOf('B:'));
});

test('a YAML stretch that could depend on what surrounds it is refused', () => {
  // A line at the column of the logical ids' parent (a new top-level key) or a document marker.
  assert.equal(readStretch('  A: {Type: X}\nOutputs: {}\n', 2), null);
  assert.equal(readStretch('  A: {Type: X}\n---\n', 2), null);
  // A flow collection continued at the column of the ids' parent (what follows the stretch could join it).
  assert.equal(readStretch('  A: [1,\n2]\n', 2), null);
  // A resource at another column than the others.
  assert.equal(readStretch('   A: {Type: X}\n', 2), null);
  // Anything the parser reports (a syntax error, an alias).
  assert.equal(readStretch('  A: {Type: X\n', 2), null);
  assert.equal(readStretch('  A: {Type: *x}\n', 2), null);
  // Comment lines before the first resource belong to the chunk before it.
  assert.equal(readStretch('  # lead\n  A: {Type: X}\n', 2), null);
  // Nothing but blank and comment lines reads as no resource.
  assert.deepEqual(readStretch('\n  # only a comment\n', 2), []);
});

test('a JSON stretch needs the comma before a following member, and none at the end', () => {
  const member = '"A": {"Type": "X"},\n  ';
  assert.ok(readJsonStretch(member, false));
  assert.equal(readJsonStretch(member, true), null);
  assert.ok(readJsonStretch('"A": {"Type": "X"}\n ', true));
  assert.equal(readJsonStretch('"A": {"Type": "X"}\n ', false), null);
  assert.equal(readJsonStretch('"A": {"Type": "X"} "B": 1,', false), null);
  const two = readJsonStretch('"A": {"Type": "X"},\n  "B": {"Type": "Y"},\n  ', false);
  assert.deepEqual(two?.map((r) => r.entry.key), ['A', 'B']);
});

test('layoutOf cuts block YAML and JSON Resources, and nothing else', () => {
  const yaml = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: {Type: X}\n  B:\n    Type: Y\nOutputs: {}\n';
  const y = layoutOf(parseTemplate(yaml));
  assert.equal(y?.format, 'yaml');
  assert.deepEqual(y?.spans.map((s) => yaml.slice(s.from, s.to)), ['  A: {Type: X}\n', '  B:\n    Type: Y\n']);
  const json = '{"Resources": {\n  "A": {"Type": "X"},\n  "B": {"Type": "Y"}\n }}';
  const j = layoutOf(parseTemplate(json));
  assert.deepEqual(j?.spans.map((s) => json.slice(s.from, s.to)), ['"A": {"Type": "X"},\n  ', '"B": {"Type": "Y"}\n ']);
  // A flow-style Resources map, or any parse problem: not cut.
  assert.equal(layoutOf(parseTemplate('Resources: {A: {Type: X}}\n')), null);
  assert.equal(layoutOf(parseTemplate('Resources:\n  A: {Type: X}\n  A: {Type: Y}\n')), null);
});

test('namesIn collects the names a resource may refer to', () => {
  const root = parseTemplate('P:\n  VpcId: !Ref Vpc\n  Sg: !GetAtt WebSg.GroupId\n  N: !Sub "${Env}-${Bucket.Arn}"\n  D: [Other]\n').root!;
  const names = namesIn(root);
  for (const n of ['Vpc', 'WebSg', 'Env', 'Bucket', 'Other']) assert.ok(names.has(n), n);
});
