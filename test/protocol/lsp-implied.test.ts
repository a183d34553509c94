// Implied flows in the editor, from the real server: the warning on the blocking element of a template
// without declared flows, the hover on the implying rule listing its implied flows with their verdicts,
// and the "Declare this flow" code action, whose edit turns the implied flow into a declared one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, fileUri, LspClient, repoRoot } from './lsp-client';

const TRAP = readFileSync(join(repoRoot(), 'test', 'fixtures', 'implied', 'lambda-rds-nacl-trap.yaml'), 'utf8');

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

describe('implied flows in the editor', () => {
  let client: LspClient;
  const uri = fileUri('/tmp/packetwalk-lsp/implied.yaml');
  before(async () => {
    client = await LspClient.start();
    client.open(uri, TRAP);
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the implied flow blocked by the NACL as a warning on DbNacl, the SG rule as related information', async () => {
    const published = await client.diagnosticsFor(uri, 1);
    assert.equal(published.diagnostics.length, 1);
    const d = published.diagnostics[0];
    assert.equal(d.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
    assert.equal(d.severity, 2);
    assert.match(String(d.message), /implied flow Fn -> Db tcp\/5432/);
    assert.ok(d.relatedInformation?.some((r) => String(r.message).includes('implied by security group DbSg admits FnSg')));
  });

  it('hover on the SG rule lists the implied flow it creates with its verdict and where it is blocked', async () => {
    const md = markdown(await client.hover(uri, TRAP.indexOf('SourceSecurityGroupId: !Ref FnSg') + 3));
    assert.match(md, /Implied flows it creates/);
    assert.match(md, /`Fn -> Db tcp\/5432` \*\*✗ blocked\*\*: `DbNacl` \(NACL_RETURN_EPHEMERAL_BLOCKED\)/);
  });

  it('offers "Declare this flow" on the rule; its edit declares Fn → Db and the implied warning becomes the declared flow\'s error', async () => {
    const doc = TextDocument.create(uri, 'yaml', 1, TRAP);
    const position = doc.positionAt(TRAP.indexOf('SourceSecurityGroupId: !Ref FnSg') + 3);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
    assert.deepEqual(actions.map((a) => a.title), ['Declare this flow: Fn -> Db tcp/5432']);
    const edited = applyEdits(doc, actions[0].edit!.changes![uri]);
    assert.match(edited, /From: Fn\s+To: Db\s+Protocol: tcp\s+Port: 5432/);
    client.change(uri, edited);
    const published = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(published.diagnostics.map((x) => [x.code, x.severity]), [['NACL_RETURN_EPHEMERAL_BLOCKED', 1]]);
  });

  it('offers nothing away from implying elements', async () => {
    const doc = TextDocument.create(uri, 'yaml', 1, TRAP);
    const position = doc.positionAt(TRAP.indexOf('Engine: postgres'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
    assert.deepEqual(actions, []);
  });
});
