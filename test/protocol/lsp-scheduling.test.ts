// Analysis runs off the connection thread: hover and requests answer while a big template is analysed;
// only the newest text of a document is ever published; a typing burst ends equal to a fresh open.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TraceResult } from '../../shared/protocol';
import { fileUri, fixturePath, LspClient } from './lsp-client';
import { generatedTemplate } from './generated-template';

const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const BIG = generatedTemplate(300, 300);

describe('scheduling', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('answers hover, code lens and trace requests on one document while a big one is analysed', async () => {
    const small = fileUri('/tmp/packetwalk-lsp/sched-small.yaml');
    client.open(small, TEMPLATE);
    await client.diagnosticsFor(small, 1);
    const big = fileUri('/tmp/packetwalk-lsp/sched-big.yaml');
    client.open(big, BIG);
    const bigDone = () => client.diagnostics.some((d) => d.uri === big);
    const hover = await client.hover(small, TEMPLATE.indexOf('Name: app-to-db') + 2);
    assert.ok(hover);
    assert.equal(bigDone(), false, 'the hover waited for the big analysis');
    const lenses = await client.codeLenses(small);
    assert.equal(lenses?.length, 2);
    const trace = await client.request<TraceResult>('packetwalk/traceFlow', { uri: small, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
    assert.equal(trace.verdict, 'blocked');
    assert.equal(bigDone(), false, 'the requests waited for the big analysis');
    const published = await client.waitFor('big diagnostics', () => client.diagnostics.find((d) => d.uri === big), 120000);
    assert.equal(published.version, 1);
    assert.ok(published.diagnostics.length > 0);
  });

  it('publishes only the newest text of a document retyped while it is analysed', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/sched-retyped.yaml');
    client.open(uri, BIG);
    let text = BIG;
    for (let i = 0; i < 8; i++) {
      text = `${text}# edit ${i}\n`;
      client.change(uri, text);
    }
    // The last text fixes nothing but is small: its result is quick to check.
    client.change(uri, TEMPLATE);
    const last = await client.diagnosticsFor(uri, 10, 0);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
    // A later document is a barrier: anything still in flight for the retyped one would have arrived.
    const barrier = fileUri('/tmp/packetwalk-lsp/sched-barrier.yaml');
    client.open(barrier, BIG);
    await client.waitFor('barrier', () => client.diagnostics.find((d) => d.uri === barrier), 120000);
    assert.deepEqual(client.diagnostics.filter((d) => d.uri === uri).map((d) => d.version), [10]);
  });

  it('ends a burst of incremental edits with the diagnostics of a fresh open', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/sched-typing.yaml');
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
    // Type the fix character by character: "From: 5432" → "From: 1024", "To: 5432" → "To: 65535".
    const out = TEMPLATE.indexOf('DbNaclOut:');
    let version = 1;
    for (const [needle, replacement] of [
      ['From: 5432', 'From: 1024'],
      ['To: 5432', 'To: 65535'],
    ]) {
      const doc = client.docs.get(uri)!;
      const start = doc.getText().indexOf(needle, out) + needle.indexOf(':') + 2;
      const end = start + 4;
      client.edit(uri, start, end, '');
      version++;
      for (let i = 0; i < replacement.length - needle.indexOf(':') - 2; i++) {
        client.edit(uri, start + i, start + i, replacement[needle.indexOf(':') + 2 + i]);
        version++;
      }
    }
    const final = client.docs.get(uri)!;
    assert.match(final.getText(), /DbNaclOut:[\s\S]*From: 1024\n\s+To: 65535/);
    const typed = await client.diagnosticsFor(uri, version);
    const fresh = fileUri('/tmp/packetwalk-lsp/sched-typing-fresh.yaml');
    client.open(fresh, final.getText());
    assert.deepEqual(typed.diagnostics, (await client.diagnosticsFor(fresh, 1)).diagnostics);
    assert.deepEqual(typed.diagnostics, []);
  });
});
