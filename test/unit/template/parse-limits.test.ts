// Limits: huge, deep and long inputs return quickly with a problem instead of hanging or
// overflowing the stack; a 3 MB line parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../../server/src/template/parse';
import { get } from '../../../server/src/template/located';
import { MAX_NESTING_DEPTH, MAX_TEXT_LENGTH, MAX_PROBLEMS } from '../../../server/src/template/limits';

const DEEP = 20_000;

function assertTooDeep(text: string, format: 'yaml' | 'json'): void {
  const r = parseTemplate(text);
  assert.equal(r.format, format);
  assert.equal(r.root, null);
  assert.deepEqual(r.problems.map((p) => p.code), ['NESTING_TOO_DEEP']);
  assert.equal(r.problems[0].severity, 'error');
}

test('20,000 levels of YAML flow nesting: NESTING_TOO_DEEP, no stack overflow', () => {
  assertTooDeep('A: ' + '['.repeat(DEEP) + ']'.repeat(DEEP), 'yaml');
  assertTooDeep('A: ' + '{a: '.repeat(DEEP) + '1' + '}'.repeat(DEEP), 'yaml');
  assertTooDeep('A: !If ' + '[!Ref '.repeat(DEEP), 'yaml');
  assertTooDeep('"A":' + '['.repeat(DEEP) + ']'.repeat(DEEP), 'yaml');
  assertTooDeep("'A':" + '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP), 'yaml');
  assertTooDeep('A: &x' + '['.repeat(DEEP) + ']'.repeat(DEEP), 'yaml');
  assertTooDeep('A: !If' + '['.repeat(DEEP) + ']'.repeat(DEEP), 'yaml');
});

test('20,000 levels of YAML block nesting: too deep (compact sequences) or too large (indentation)', () => {
  assertTooDeep('- '.repeat(DEEP) + 'x\n', 'yaml');
  // Indented block nesting that deep is 200 MB of spaces: the size limit stops it first.
  const huge = parseTemplate(Array.from({ length: DEEP }, (_, i) => ' '.repeat(i) + 'a:').join('\n'));
  assert.deepEqual(huge.problems.map((p) => p.code), ['INPUT_TOO_LARGE']);
  assert.equal(huge.root, null);
  // As deep as fits in the size limit (3,000 levels, 4.5 MB).
  assertTooDeep(Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n'), 'yaml');
  assertTooDeep(Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + '- ').join('\n'), 'yaml');
});

test('20,000 levels of JSON nesting: NESTING_TOO_DEEP, no stack overflow', () => {
  assertTooDeep('['.repeat(DEEP) + ']'.repeat(DEEP), 'json');
  assertTooDeep('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP), 'json');
  assertTooDeep('['.repeat(DEEP), 'json');
});

test('nesting just under the limit is read; brackets inside strings do not count', () => {
  const depth = MAX_NESTING_DEPTH - 2;
  const json = parseTemplate('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  assert.deepEqual(json.problems, []);
  assert.equal(json.root?.kind, 'map');
  const yaml = parseTemplate('a: ' + '['.repeat(depth - 1) + ']'.repeat(depth - 1));
  assert.deepEqual(yaml.problems, []);
  const brackets = '['.repeat(DEEP);
  assert.deepEqual(parseTemplate(`{"a": "${brackets}"}`).problems, []);
  assert.deepEqual(parseTemplate(`A: "${brackets}"\nB: '${brackets}'\nC: x${brackets}\nD: |\n  ${brackets}\n# ${brackets}\n`).problems, []);
});

test('text larger than the limit: INPUT_TOO_LARGE, root null', () => {
  const r = parseTemplate('A: ' + 'x'.repeat(MAX_TEXT_LENGTH));
  assert.deepEqual(r.problems.map((p) => p.code), ['INPUT_TOO_LARGE']);
  assert.equal(r.root, null);
});

test('a 3 MB single line parses (YAML plain scalar, minified JSON)', () => {
  const long = 'x'.repeat(3_000_000);
  const plainLine = parseTemplate(`Description: ${long}`);
  assert.deepEqual(plainLine.problems, []);
  const d = get(plainLine.root, 'Description');
  assert.equal(d?.kind === 'scalar' && typeof d.value === 'string' && d.value.length, 3_000_000);

  const items: string[] = [];
  for (let i = 0, size = 0; size < 3_000_000; i++) {
    const item = `"R${i}": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.${i % 256}.0.0/24"}}`;
    items.push(item);
    size += item.length + 1;
  }
  const json = '{"Resources": {' + items.join(',') + '}}';
  assert.ok(json.length >= 3_000_000 && !json.includes('\n'));
  const j = parseTemplate(json);
  assert.deepEqual(j.problems, []);
  const res = get(j.root, 'Resources');
  assert.equal(res?.kind === 'map' && res.entries.length, items.length);
});

test('a long YAML flow line parses (300 KB: the yaml library, not our code, is the cost here)', () => {
  const items: string[] = [];
  for (let i = 0, size = 0; size < 300_000; i++) {
    const item = `"R${i}": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": !Sub "10.${i % 256}.0.0/24"}}`;
    items.push(item);
    size += item.length + 1;
  }
  const y = parseTemplate('Resources: {' + items.join(',') + '}');
  assert.equal(y.format, 'yaml');
  assert.deepEqual(y.problems, []);
  const yres = get(y.root, 'Resources');
  assert.equal(yres?.kind === 'map' && yres.entries.length, items.length);
  assert.deepEqual(
    get(get(get(yres, 'R7'), 'Properties'), 'CidrBlock')?.kind === 'map' ? 'tagged' : 'lost',
    'tagged',
  );
});

test('the problem list is capped', () => {
  const text = '{' + Array.from({ length: MAX_PROBLEMS + 50 }, () => '"A": 1').join(',') + '}';
  const r = parseTemplate(text);
  assert.equal(r.problems.length, MAX_PROBLEMS + 1);
  assert.equal(r.problems[MAX_PROBLEMS].code, 'TOO_MANY_PROBLEMS');
});

test('garbage never throws', () => {
  const samples = ['\u0000\u0001', ':::', '- - -\n  ? ]', '{"a"', '[', '}', 'a: "', "a: '", '%YAML 9.9\n---\na: 1', '!!', '&', '*', '? a\n: b\n', '\t\tx: 1', 'a: b: c'];
  for (const s of samples) {
    const r = parseTemplate(s);
    assert.ok(Array.isArray(r.problems), s);
  }
});
