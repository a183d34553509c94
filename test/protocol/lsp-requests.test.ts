// The packetwalk/* requests against the real server: traceFlow (shape, offsets, unknown endpoints,
// parameter overrides), endpoints, flowDeclarationEdit applied to YAML and JSON documents.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ResponseError, type TextEdit } from 'vscode-languageserver-protocol';
import type { EndpointInfo, TraceResult } from '../../shared/protocol';
import { applyEdits, fileUri, fixturePath, LspClient } from './lsp-client';

const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const JSON_TEMPLATE = readFileSync(fixturePath('app-db.json'), 'utf8');
const PARAMETERS = readFileSync(fixturePath('parameters.yaml'), 'utf8');

describe('packetwalk/* requests', () => {
  let client: LspClient;
  const uri = fileUri('/tmp/packetwalk-lsp/requests.yaml');
  before(async () => {
    client = await LspClient.start();
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  it('traceFlow answers the trace JSON object, with offsets into the document', async () => {
    const trace = await client.request<TraceResult>('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
    assert.equal(trace.verdict, 'blocked');
    assert.equal(trace.blockedAt?.resource, 'DbNacl');
    assert.equal(trace.blockedAt?.direction, 'return');
    assert.equal(trace.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
    assert.ok(Array.isArray(trace.blockers) && Array.isArray(trace.assumptions));
    assert.deepEqual([...new Set(trace.hops.map((h) => h.direction))], ['forward', 'return']);
    for (const hop of trace.hops) {
      assert.deepEqual(Object.keys(hop.in).sort(), ['dst', 'dstPort', 'protocol', 'src', 'srcPort']);
      assert.ok(['pass', 'drop', 'unknown'].includes(hop.decision));
      assert.equal(typeof hop.range.start, 'number');
    }
    const drop = trace.hops.find((h) => h.decision === 'drop')!;
    assert.equal(drop.resource, 'DbNacl');
    assert.match(TEMPLATE.slice(drop.range.start, drop.range.end), /^(DbNacl:|Type: AWS::EC2::NetworkAcl)/);
  });

  it('traceFlow takes a port as text, a pinned source port, and an address as endpoint', async () => {
    const trace = await client.request<TraceResult>('packetwalk/traceFlow', {
      uri,
      from: 'App',
      to: '10.0.2.10',
      protocol: 'tcp',
      port: '5432',
      sourcePort: 5432,
    });
    // A reply to source port 5432 is allowed by DbNaclOut: nothing blocks.
    assert.equal(trace.verdict, 'reachable', JSON.stringify(trace.blockers));
    assert.equal(trace.hops[0].in.srcPort, 5432);
    // A probe host in AppSubnet carries no security group, so DbSg (which admits AppSg only) drops it.
    const probe = await client.request<TraceResult>('packetwalk/traceFlow', { uri, from: 'AppSubnet', to: 'Db', protocol: 'tcp', port: 5432 });
    assert.equal(probe.blockedAt?.resource, 'DbSg');
  });

  it('traceFlow rejects an endpoint the template does not define, naming the closest', async () => {
    await assert.rejects(
      client.request('packetwalk/traceFlow', { uri, from: 'Ap', to: 'Db', protocol: 'tcp', port: 5432 }),
      (e: unknown) => {
        assert.ok(e instanceof ResponseError);
        assert.equal(e.code, -32602);
        assert.match(e.message, /Ap/);
        assert.ok((e.data as { closest: string[] }).closest.includes('App'));
        return true;
      },
    );
  });

  it('traceFlow rejects a source address the source cannot have, as the CLI does', async () => {
    // App lives in AppSubnet (10.0.1.0/24): 10.0.2.77 is not an address it can have.
    await assert.rejects(
      client.request('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432, sourceIp: '10.0.2.77' }),
      (e: unknown) => {
        assert.ok(e instanceof ResponseError);
        assert.equal(e.code, -32602);
        assert.match(e.message, /10\.0\.2\.77/);
        return true;
      },
    );
    const ok = await client.request<TraceResult>('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432, sourceIp: '10.0.1.77' });
    assert.equal(ok.hops[0].in.src, '10.0.1.77');
  });

  it('traceFlow rejects bad parameters and documents that are not open', async () => {
    await assert.rejects(client.request('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'tcp' }), /needs a port/);
    await assert.rejects(client.request('packetwalk/traceFlow', { uri, from: 'App', to: 'Db', protocol: 'sctp', port: 1 }), /protocol/);
    await assert.rejects(
      client.request('packetwalk/traceFlow', { uri: fileUri('/tmp/packetwalk-lsp/nope.yaml'), from: 'App', to: 'Db', port: 1 }),
      /not an open document/,
    );
  });

  it('traceFlow applies parameter overrides', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/requests-params.yaml');
    client.open(u, PARAMETERS);
    await client.diagnosticsFor(u, 1);
    const spec = { uri: u, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 };
    assert.equal((await client.request<TraceResult>('packetwalk/traceFlow', spec)).verdict, 'unknown');
    assert.equal((await client.request<TraceResult>('packetwalk/traceFlow', { ...spec, params: { DbPort: '5432' } })).verdict, 'reachable');
    assert.equal((await client.request<TraceResult>('packetwalk/traceFlow', { ...spec, params: { DbPort: '5433' } })).verdict, 'blocked');
  });

  it('survives malformed requests and keeps answering', async () => {
    await assert.rejects(client.request('packetwalk/traceFlow', null));
    await assert.rejects(client.request('packetwalk/endpoints', { uri: 42 }));
    await assert.rejects(client.request('packetwalk/flowDeclarationEdit', { uri, flow: null }));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: 0, character: 0 } }), null);
    const list = await client.request<EndpointInfo[]>('packetwalk/endpoints', { uri });
    assert.ok(list.length > 0);
  });

  it('endpoints lists the endpoints, the subnets and the internet', async () => {
    const list = await client.request<EndpointInfo[]>('packetwalk/endpoints', { uri });
    assert.deepEqual(
      list.map((e) => [e.id, e.type]),
      [
        ['App', 'AWS::EC2::Instance'],
        ['Db', 'AWS::EC2::Instance'],
        ['AppSubnet', 'AWS::EC2::Subnet'],
        ['DbSubnet', 'AWS::EC2::Subnet'],
        ['internet', 'internet'],
      ],
    );
    assert.match(list[3].label, /10\.0\.2\.0\/24/);
  });

  for (const [kind, text, languageId] of [
    ['YAML', TEMPLATE, 'yaml'],
    ['JSON', JSON_TEMPLATE, 'json'],
  ] as const) {
    it(`flowDeclarationEdit declares the flow in a ${kind} document`, async () => {
      const u = fileUri(`/tmp/packetwalk-lsp/declare.${languageId}`);
      const doc = client.open(u, text, languageId);
      await client.diagnosticsFor(u, 1);
      const flow = { name: 'app-to-db-https', from: 'App', to: 'Db', protocol: 'tcp', port: 443, expect: 'blocked' };
      const edits = await client.request<TextEdit[]>('packetwalk/flowDeclarationEdit', { uri: u, flow });
      assert.ok(edits.length > 0);
      const edited = applyEdits(doc, edits);
      if (kind === 'JSON') JSON.parse(edited);
      client.change(u, edited);
      const summary = await client.summaryFor(u, 2);
      assert.equal(summary.total, 3);
      const lenses = (await client.codeLenses(u)) ?? [];
      assert.equal(lenses.length, 3);
      assert.deepEqual(lenses[2].command?.arguments?.[0], { uri: u, from: 'App', to: 'Db', protocol: 'tcp', port: 443 });
      // 443 is not allowed anywhere: blocked, as the declaration expects.
      assert.match(lenses[2].command!.title, /^✓ blocked at .* · as expected$/);
    });
  }

  it('flowDeclarationEdit creates Metadata in a template that has none', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/declare-new.yaml');
    const bare = TEMPLATE.slice(0, TEMPLATE.indexOf('Metadata:')) + TEMPLATE.slice(TEMPLATE.indexOf('Resources:'));
    const doc = client.open(u, bare);
    assert.equal((await client.summaryFor(u, 1)).total, 0);
    const edits = await client.request<TextEdit[]>('packetwalk/flowDeclarationEdit', {
      uri: u,
      flow: { from: 'App', to: 'Db', protocol: 'tcp', port: 5432 },
    });
    client.change(u, applyEdits(doc, edits));
    const published = await client.diagnosticsFor(u, 2);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
  });
});
