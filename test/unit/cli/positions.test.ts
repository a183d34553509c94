// The offset → position converter behind `check --format json` and SARIF: LSP lines and UTF-16
// characters over the BOM-stripped text, with \n, \r\n and lone \r line breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, stripBom } from '../../../server/src/cli/positions';

test('LF text: line and character', () => {
  const idx = new LineIndex('ab\ncd\n\nef');
  assert.deepEqual(idx.position(0), { line: 0, character: 0 });
  assert.deepEqual(idx.position(2), { line: 0, character: 2 });
  assert.deepEqual(idx.position(3), { line: 1, character: 0 });
  assert.deepEqual(idx.position(6), { line: 2, character: 0 });
  assert.deepEqual(idx.position(8), { line: 3, character: 1 });
});

test('CRLF counts as one line break; lone CR too', () => {
  const idx = new LineIndex('a\r\nbc\rd');
  assert.deepEqual(idx.position(3), { line: 1, character: 0 });
  assert.deepEqual(idx.position(4), { line: 1, character: 1 });
  assert.deepEqual(idx.position(6), { line: 2, character: 0 });
});

test('characters are UTF-16 code units (an emoji counts 2)', () => {
  const text = 'x: "🚀é"\ny: 1';
  const idx = new LineIndex(text);
  const after = text.indexOf('"', 4); // closing quote
  assert.deepEqual(idx.position(after), { line: 0, character: 7 });
  assert.deepEqual(idx.position(text.indexOf('y')), { line: 1, character: 0 });
});

test('offsets past the end clamp to the end; ranges convert both ends', () => {
  const idx = new LineIndex('ab\ncd');
  assert.deepEqual(idx.position(99), { line: 1, character: 2 });
  assert.deepEqual(idx.position(-5), { line: 0, character: 0 });
  assert.deepEqual(idx.range({ start: 1, end: 4 }), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
});

test('stripBom removes only a leading byte-order mark', () => {
  assert.equal(stripBom('\uFEFFa\uFEFF'), 'a\uFEFF');
  assert.equal(stripBom('abc'), 'abc');
});
