// Live analysis over the real server: after edits, hover, endpoints, traces and code lenses answer for the
// newest text (from the worker that holds the document); while the text does not parse they answer from
// the last version that parsed; a document closed and reopened with another text under the same uri gets
// results for that text only (its worker forgot the old state).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { EndpointInfo, TraceResult } from '../../shared/protocol';
import { fileUri, fixturePath, LspClient } from './lsp-client';

const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');

/** DbNaclOut opened to the client's ephemeral ports: app-to-db then passes. */
function fixed(text: string): string {
  const out = text.indexOf('DbNaclOut:');
  return text.slice(0, out) + text.slice(out).replace('From: 5432', 'From: 1024').replace('To: 5432', 'To: 65535');
}

function indexOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

describe('live analysis over the language server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('answers hover, code lens, endpoints and traces for the newest text after edits', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/live-1.yaml');
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
    assert.match(markdown(await client.hover(uri, indexOf(TEMPLATE, 'Name: app-to-db') + 2)), /✗ blocked/);
    const text = fixed(TEMPLATE);
    client.change(uri, text);
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics, []);
    assert.match(markdown(await client.hover(uri, indexOf(text, 'Name: app-to-db') + 2)), /✓ reachable/);
    const lenses = (await client.codeLenses(uri)) ?? [];
    assert.match(lenses[0].command?.title ?? '', /^✓ reachable/);
    assert.deepEqual(lenses[0].command?.arguments, [{ uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 }]);
    const trace = await client.request<TraceResult>('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
    assert.equal(trace.verdict, 'reachable');
    // Hop ranges are offsets into the newest text.
    const nacl = trace.hops.find((h) => h.resource === 'DbNacl')!;
    assert.match(text.slice(nacl.range.start, nacl.range.end), /^(DbNacl:|Type: AWS::EC2::NetworkAcl)/);
    // An edit that adds an endpoint: the picker lists it.
    const more = text.replace('Resources:\n', 'Resources:\n  Extra:\n    Type: AWS::EC2::Instance\n    Properties:\n      SubnetId: !Ref AppSubnet\n');
    client.change(uri, more);
    await client.diagnosticsFor(uri, 3);
    const endpoints = await client.request<EndpointInfo[]>('packetwalk/endpoints', { uri });
    assert.ok(endpoints.some((e) => e.id === 'Extra'), endpoints.map((e) => e.id).join());
  });

  it('answers from the last version that parsed while the text does not parse', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/live-2.yaml');
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
    client.change(uri, fixed(TEMPLATE));
    await client.diagnosticsFor(uri, 2);
    const at = indexOf(TEMPLATE, '  DbSubnet:');
    const broken = client.edit(uri, at, at, '  Broken: [\n').getText();
    await client.diagnosticsFor(uri, 3);
    // The hover position is read in the text shown (the fixed one): the flow, as of version 2.
    const md = markdown(await client.hover(uri, indexOf(broken, 'Name: app-to-db') + 2));
    assert.match(md, /last version that parsed/);
    assert.match(md, /✓ reachable/);
    const endpoints = await client.request<EndpointInfo[]>('packetwalk/endpoints', { uri });
    assert.ok(endpoints.some((e) => e.id === 'Db'));
    const lenses = (await client.codeLenses(uri)) ?? [];
    assert.equal(lenses.length, 2);
  });

  it('a document closed and reopened under the same uri with another text gets that text’s results', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/live-3.yaml');
    client.open(uri, fixed(TEMPLATE));
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
    client.close(uri);
    const mark = client.diagnostics.length;
    client.open(uri, TEMPLATE, 'yaml', 1);
    const reopened = await client.diagnosticsFor(uri, 1, mark);
    assert.deepEqual(reopened.diagnostics.map((d) => d.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
    assert.match(markdown(await client.hover(uri, indexOf(TEMPLATE, 'Name: app-to-db') + 2)), /✗ blocked/);
  });
});
