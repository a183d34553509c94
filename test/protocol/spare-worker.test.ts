// When the server starts a warm spare worker: once, after the first large template is shown, warmed on
// that template's text; small templates start nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SPARE_MIN_CHARS, SpareWorker } from '../../server/src/lsp/connection/spare-worker';
import type { WorkerPool } from '../../server/src/lsp/connection/worker-pool';

type WarmInput = Parameters<WorkerPool['warmSpare']>[0];

function fakePool(): { pool: Pick<WorkerPool, 'warmSpare'>; asked: WarmInput[] } {
  const asked: WarmInput[] = [];
  return { asked, pool: { warmSpare: (input) => (asked.push(input), undefined) } };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const doc = (uri: string, chars: number) => TextDocument.create(uri, 'yaml', 1, `# ${'x'.repeat(chars)}\n`);

describe('spare worker', () => {
  it('warms a spare once, on the text of the first large template shown, after a pause', async () => {
    const { pool, asked } = fakePool();
    const spare = new SpareWorker(pool, 20);
    const large = doc('file:///a.yaml', SPARE_MIN_CHARS);
    spare.shown(large, { strict: true });
    assert.equal(asked.length, 0, 'not at once: the first worker is still busy with the document');
    await settle(60);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].kind, 'warm');
    assert.equal(asked[0].text, large.getText());
    assert.deepEqual(asked[0].options, { strict: true });
    spare.shown(doc('file:///b.yaml', SPARE_MIN_CHARS * 2), {});
    await settle(60);
    assert.equal(asked.length, 1, 'once per server');
  });

  it('starts nothing for small templates', async () => {
    const { pool, asked } = fakePool();
    const spare = new SpareWorker(pool, 5);
    spare.shown(doc('file:///small.yaml', 1000), {});
    await settle(30);
    assert.equal(asked.length, 0);
    spare.shown(doc('file:///large.yaml', SPARE_MIN_CHARS), {});
    await settle(30);
    assert.equal(asked.length, 1, 'a small template does not use up the one spare');
  });
});
