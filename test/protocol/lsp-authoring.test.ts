// Help while writing flows, from the real server: completion of From/To/Protocol/Expect in YAML and JSON
// while a name is half typed, go to definition and references between flows and resources, the outline,
// and the "did you mean" diagnostic with its quick fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, fixturePath, LspClient, rangeText } from './lsp-client';
import { synth, TWO_STACK_APP } from '../unit/workspace/cdk-apps';

const YAML = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const JSON_TEXT = readFileSync(fixturePath('app-db.json'), 'utf8');

describe('help while writing flows', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  function position(uri: string, offset: number) {
    return client.docs.get(uri)!.positionAt(offset);
  }

  function completion(uri: string, offset: number): Promise<CompletionList | null> {
    return client.request('textDocument/completion', { textDocument: { uri }, position: position(uri, offset) });
  }

  it('advertises completion, definition, references, document symbols and quick fixes', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix'));
  });

  it('completes a half-typed To in YAML with the endpoints, their types and subnets, replacing the whole word', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-complete.yaml');
    client.open(uri, YAML);
    await client.diagnosticsFor(uri, 1);
    const at = YAML.indexOf('To: Db') + 'To: '.length;
    const doc = client.edit(uri, at, at + 2, 'Dx'); // typing: "To: Dx", cursor after the D
    const list = await completion(uri, at + 1);
    assert.ok(list && list.items.length > 0);
    const db = list.items.find((i) => i.label === 'Db');
    assert.ok(db, JSON.stringify(list.items.map((i) => i.label)));
    assert.equal(db.detail, 'AWS::EC2::Instance');
    assert.match((db.documentation as MarkupContent).value, /DbSubnet.*10\.0\.2\.0\/24/);
    const edit = db.textEdit as { range: Parameters<typeof rangeText>[1]; newText: string };
    assert.equal(rangeText(doc, edit.range), 'Dx');
    assert.equal(edit.newText, 'Db');
    for (const name of ['App', 'AppSubnet', 'internet', 'aws:s3']) assert.ok(list.items.some((i) => i.label === name), name);
  });

  it('completes an empty value of a flow declared in a resource (on the incremental path), and Protocol values', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-resource.yaml');
    client.open(uri, YAML);
    await client.diagnosticsFor(uri, 1);
    const anchor = '  App:\n    Type: AWS::EC2::Instance\n';
    const at = YAML.indexOf(anchor) + anchor.length;
    const inserted = '    Metadata:\n      PacketWalk:\n        Flows:\n          - Name: dns\n            To: \n';
    const doc = client.edit(uri, at, at, inserted);
    const cursor = at + inserted.indexOf('To: ') + 'To: '.length;
    const list = await completion(uri, cursor);
    assert.ok(list?.items.some((i) => i.label === 'Db' && i.detail === 'AWS::EC2::Instance'));
    assert.ok(list?.items.some((i) => i.label === 'internet'));
    const protoAt = doc.getText().indexOf('Protocol: tcp') + 'Protocol: '.length;
    const protocols = await completion(uri, protoAt);
    assert.deepEqual(protocols?.items.map((i) => i.label), ['tcp', 'udp', 'icmp', 'all']);
    // Not inside a NACL entry's PortRange (also From/To keys).
    assert.equal(await completion(uri, doc.getText().indexOf('From: 5432') + 7), null);
  });

  it('completes a half-typed To in JSON inside its quotes', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-complete.json');
    client.open(uri, JSON_TEXT, 'json');
    await client.diagnosticsFor(uri, 1);
    const at = JSON_TEXT.indexOf('"To": "Db"') + '"To": "'.length;
    const doc = client.edit(uri, at, at + 2, 'Ap');
    const list = await completion(uri, at + 2);
    const app = list?.items.find((i) => i.label === 'App');
    assert.ok(app);
    const edit = app.textEdit as { range: Parameters<typeof rangeText>[1]; newText: string };
    assert.equal(rangeText(doc, edit.range), 'Ap');
    assert.equal(edit.newText, 'App');
  });

  it('goes from a flow endpoint to its resource, and finds every flow naming a resource', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-navigate.yaml');
    const doc = client.open(uri, YAML);
    await client.diagnosticsFor(uri, 1);
    const def = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: position(uri, YAML.indexOf('To: Db') + 5) });
    assert.ok(def);
    assert.equal(def.uri, uri);
    assert.equal(rangeText(doc, def.range), 'Db');
    assert.equal(doc.offsetAt(def.range.start), YAML.indexOf('\n  Db:\n') + 3);
    const refs = await client.request<Location[] | null>('textDocument/references', {
      textDocument: { uri },
      position: def.range.start,
      context: { includeDeclaration: false },
    });
    assert.equal(refs?.length, 2);
    for (const r of refs!) assert.equal(rangeText(doc, r.range), 'Db');
    assert.deepEqual(refs!.map((r) => r.range.start.line).sort((a, b) => a - b), [7, 12]);
  });

  it('outlines the flows under "Flows" and the resources by type', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-symbols.yaml');
    client.open(uri, YAML);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const flows = symbols.find((s) => s.name === 'Flows');
    assert.deepEqual(flows?.children?.map((c) => c.name), ['app-to-db', 'app-ssh-db']);
    const types = symbols.find((s) => s.name === 'Resources')?.children?.map((c) => c.name);
    assert.ok(types?.includes('AWS::EC2::Instance') && types.includes('AWS::EC2::NetworkAclEntry'));
  });

  it('reports a misspelt endpoint on the name with "did you mean", and its quick fix makes the flow valid', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/authoring-typo.yaml');
    const text = YAML.replace('From: App\n        To: Db\n        Protocol: tcp\n        Port: 5432', 'From: App\n        To: db1\n        Protocol: tcp\n        Port: 5432');
    const doc = client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    const d = published.diagnostics.find((x) => x.code === 'FLOW_UNKNOWN_ENDPOINT') as Diagnostic;
    assert.ok(d, JSON.stringify(published.diagnostics));
    assert.equal(rangeText(doc, d.range), 'db1');
    assert.match(d.message as string, /did you mean Db\b/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.title, 'Change To to "Db"');
    assert.deepEqual(fix.diagnostics, [d]);
    const fixed = applyEdits(doc, fix.edit!.changes![uri]);
    assert.equal(fixed, YAML);
    client.change(uri, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!after.diagnostics.some((x) => x.code === 'FLOW_UNKNOWN_ENDPOINT'));
  });
});

describe('help while writing flows in a cdk.out stack', () => {
  it('completes construct paths first and goes from a construct path to its resource', async () => {
    const app = synth(TWO_STACK_APP);
    const client = await LspClient.start({ settings: {}, workspaceFolders: [app.dir] });
    try {
      const file = join(app.outdir, 'AppStack.template.json');
      const uri = fileUri(file);
      const text = readFileSync(file, 'utf8');
      const doc = client.open(uri, text, 'json');
      await client.diagnosticsFor(uri, 1);
      const at = text.indexOf('"To": "AppStack/Db"') + '"To": "AppStack/D'.length;
      const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(at) });
      const db = list?.items.find((i) => i.label === 'AppStack/Db');
      assert.ok(db, JSON.stringify(list?.items.map((i) => i.label)));
      assert.equal(db.detail, 'AWS::EC2::Instance');
      assert.match((db.documentation as MarkupContent).value, /logical ID `Db[0-9A-F]{8}`/);
      const hashed = list!.items.find((i) => /^Db[0-9A-F]{8}$/.test(i.label));
      assert.ok(hashed && hashed.sortText! > db.sortText!, 'the construct path sorts before the hashed logical id');
      const def = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: doc.positionAt(at) });
      assert.ok(def);
      assert.match(rangeText(doc, def.range), /^"Db[0-9A-F]{8}"$/);
    } finally {
      await client.stop();
    }
  });
});
