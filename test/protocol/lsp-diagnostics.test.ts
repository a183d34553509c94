// Diagnostics from the real server: ranges, version, code, documentation link, related locations; edits
// that fix and break a flow; a text that stops parsing and is repaired; close and reopen; non-templates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileUri, fixturePath, LspClient, rangeText } from './lsp-client';

const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const DOCS = 'https://github.com/packetwalk/packetwalk/blob/main/docs/codes.md#';

/** Offset of the n-th (0-based) occurrence of `needle`. */
function indexOf(text: string, needle: string, n = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${n} not found`);
  }
  return at;
}

/** The DbNaclOut entry with its port range widened to the ephemeral ports: the return path opens. */
function fixedText(text: string): string {
  const out = indexOf(text, 'DbNaclOut:');
  const from = indexOf(text.slice(out), 'From: 5432') + out;
  const to = indexOf(text.slice(out), 'To: 5432') + out;
  return text.slice(0, from) + 'From: 1024' + text.slice(from + 'From: 5432'.length, to) + 'To: 65535' + text.slice(to + 'To: 5432'.length);
}

describe('diagnostics', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('advertises its capabilities', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.hoverProvider);
    assert.ok(caps.codeLensProvider);
    assert.ok(caps.textDocumentSync);
    assert.equal(client.initializeResult.serverInfo?.name, 'packetwalk');
  });

  it('publishes one diagnostic on the blocking NACL, with version, code, link and related declaration', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-1.yaml');
    const doc = client.open(uri, TEMPLATE, 'yaml', 7);
    const published = await client.diagnosticsFor(uri, 7);
    assert.equal(published.version, 7);
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics, null, 1));
    const d = published.diagnostics[0];
    assert.equal(d.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
    assert.equal(d.source, 'packetwalk');
    assert.equal(d.severity, 1);
    assert.equal(d.codeDescription?.href, `${DOCS}nacl_return_ephemeral_blocked`);
    assert.match(d.message as string, /app-to-db/);
    // The range is the DbNacl key (its implicit deny drops the replies), one line; the outbound entry
    // that almost matched is related information.
    assert.equal(rangeText(doc, d.range), 'DbNacl');
    assert.ok(d.relatedInformation?.some((r) => /almost matched: DbNaclOut/.test(r.message)));
    const related = d.relatedInformation ?? [];
    assert.ok(related.length >= 1);
    assert.equal(related[0].location.uri, uri);
    const declaration = rangeText(doc, related[0].location.range).trimEnd();
    assert.match(declaration, /^Name: app-to-db/);
    assert.match(declaration, /Port: 5432$/);
    const summary = await client.summaryFor(uri, 7);
    assert.deepEqual(
      { total: summary.total, asExpected: summary.asExpected, failing: summary.failing, unknown: summary.unknown, stale: summary.stale },
      { total: 2, asExpected: 1, failing: 1, unknown: 0, stale: false },
    );
  });

  it('follows edits that fix and then break the flow', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-2.yaml');
    client.open(uri, TEMPLATE);
    assert.equal((await client.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    client.change(uri, fixedText(TEMPLATE));
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics, []);
    assert.equal((await client.summaryFor(uri, 2)).failing, 0);
    client.change(uri, TEMPLATE);
    const broken = await client.diagnosticsFor(uri, 3);
    assert.deepEqual(broken.diagnostics.map((d) => d.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
  });

  it('keeps the last good results while the text does not parse, then equals a fresh open', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-3.yaml');
    client.open(uri, TEMPLATE);
    const good = await client.diagnosticsFor(uri, 1);
    // Type an unterminated flow sequence in the middle of the template: a YAML syntax error.
    const at = indexOf(TEMPLATE, '  DbSubnet:');
    const doc2 = client.edit(uri, at, at, '  Broken: [\n');
    const stale = await client.diagnosticsFor(uri, 2);
    const codes = stale.diagnostics.map((d) => d.code);
    assert.ok(stale.diagnostics.length >= 2, JSON.stringify(stale.diagnostics, null, 1));
    assert.ok(codes.includes('NACL_RETURN_EPHEMERAL_BLOCKED'), codes.join());
    const parseError = stale.diagnostics.find((d) => d.code !== 'NACL_RETURN_EPHEMERAL_BLOCKED');
    assert.equal(parseError?.severity, 1);
    assert.equal((await client.summaryFor(uri, 2)).stale, true);
    // Hover says the results are from the last version that parsed.
    const hover = await client.hover(uri, indexOf(doc2.getText(), 'Name: app-to-db'));
    assert.match(JSON.stringify(hover), /last version that parsed/);
    // Repair with a different (fixed) text: the diagnostics equal those of a fresh open of it.
    client.change(uri, fixedText(TEMPLATE));
    const repaired = await client.diagnosticsFor(uri, 3);
    const fresh = fileUri('/tmp/packetwalk-lsp/diag-3-fresh.yaml');
    client.open(fresh, fixedText(TEMPLATE), 'yaml', 3);
    const freshDiagnostics = await client.diagnosticsFor(fresh, 3);
    assert.deepEqual(repaired.diagnostics, freshDiagnostics.diagnostics);
    assert.equal((await client.summaryFor(uri, 3)).stale, false);
    assert.notDeepEqual(good.diagnostics, repaired.diagnostics);
  });

  it('reports a duplicate key with fresh results (it is not a syntax error)', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-dup.yaml');
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
    const dup = TEMPLATE.replace('Description:', 'Description: first\nDescription:');
    client.change(uri, fixedText(dup));
    const published = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['DUPLICATE_KEY']);
    assert.equal((await client.summaryFor(uri, 2)).stale, false);
  });

  it('clears diagnostics on close and publishes them again on reopen', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-4.yaml');
    client.open(uri, TEMPLATE);
    assert.equal((await client.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    const before = client.diagnostics.length;
    client.close(uri);
    const cleared = await client.waitFor('cleared diagnostics', () =>
      client.diagnostics.slice(before).find((d) => d.uri === uri && d.diagnostics.length === 0),
    );
    assert.deepEqual(cleared.diagnostics, []);
    const mark = client.diagnostics.length;
    client.open(uri, TEMPLATE, 'yaml', 1);
    assert.equal((await client.diagnosticsFor(uri, 1, mark)).diagnostics.length, 1);
  });

  it('clears the diagnostics of a template edited into something else', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-gone.yaml');
    client.open(uri, TEMPLATE);
    assert.equal((await client.diagnosticsFor(uri, 1)).diagnostics.length, 1);
    client.change(uri, 'name: not a template\n');
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics, []);
    assert.equal((await client.summaryFor(uri, 2)).isTemplate, false);
  });

  it('publishes nothing for YAML that is not a template', async () => {
    const other = fileUri('/tmp/packetwalk-lsp/ci.yaml');
    client.open(other, 'name: build\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    // A template opened afterwards is analysed; by then the non-template would have had its turn.
    const marker = fileUri('/tmp/packetwalk-lsp/diag-5.yaml');
    client.open(marker, TEMPLATE);
    await client.diagnosticsFor(marker, 1);
    assert.equal(client.diagnostics.filter((d) => d.uri === other).length, 0);
    assert.equal(client.summaries.filter((s) => s.uri === other && s.isTemplate).length, 0);
  });

  it('keeps ranges exact in a document that starts with a byte-order mark', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-bom.yaml');
    const doc = client.open(uri, `\uFEFF${TEMPLATE}`);
    const [d] = (await client.diagnosticsFor(uri, 1)).diagnostics;
    assert.equal(rangeText(doc, d.range), 'DbNacl');
    assert.match(rangeText(doc, d.relatedInformation![0].location.range), /^Name: app-to-db/);
  });

  it('keeps the last good results of a JSON template while it does not parse', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-stale.json');
    const json = readFileSync(fixturePath('app-db.json'), 'utf8');
    client.open(uri, json, 'json');
    const good = await client.diagnosticsFor(uri, 1);
    client.change(uri, json.replace('"Resources": {', '"Resources": {{'));
    const stale = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(stale.diagnostics.slice(-good.diagnostics.length), good.diagnostics);
    assert.ok(stale.diagnostics.length > good.diagnostics.length);
    assert.equal((await client.summaryFor(uri, 2)).stale, true);
    client.change(uri, json);
    assert.deepEqual((await client.diagnosticsFor(uri, 3)).diagnostics, good.diagnostics);
  });

  it('analyses JSON templates too', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/diag-6.json');
    const json = readFileSync(fixturePath('app-db.json'), 'utf8');
    const doc = client.open(uri, json, 'json');
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
    assert.match(rangeText(doc, published.diagnostics[0].range), /^"DbNacl"|^\{/);
  });
});
