// The one "N or from-to" port rule shared by flow declarations, the editor's trace request and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePortText } from '../../../server/src/net/ports';

test('parsePortText reads a port or a from-to range, 0-max, from <= to', () => {
  assert.deepEqual(parsePortText('5432'), { ok: true, range: { from: 5432, to: 5432 } });
  assert.deepEqual(parsePortText(' 1024 - 65535 '), { ok: true, range: { from: 1024, to: 65535 } });
  assert.deepEqual(parsePortText('0'), { ok: true, range: { from: 0, to: 0 } });
  assert.deepEqual(parsePortText('http'), { ok: false, problem: 'syntax' });
  assert.deepEqual(parsePortText('80-'), { ok: false, problem: 'syntax' });
  assert.deepEqual(parsePortText('-1'), { ok: false, problem: 'syntax' });
  assert.deepEqual(parsePortText('70000'), { ok: false, problem: 'out-of-range', from: 70000, to: 70000 });
  assert.deepEqual(parsePortText('99999999999999999999'), { ok: false, problem: 'out-of-range', from: 1e20, to: 1e20 });
  assert.deepEqual(parsePortText('90-80'), { ok: false, problem: 'reversed', from: 90, to: 80 });
  assert.deepEqual(parsePortText('300', 255), { ok: false, problem: 'out-of-range', from: 300, to: 300 });
});
