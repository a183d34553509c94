// Typing in a template that imports from another stack of its folder: the language server answers each
// edit incrementally (the other stacks kept across edits), and what it shows after a sequence of edits is
// exactly what a fresh open of the final text shows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, repoRoot } from './lsp-client';

describe('typing in an importing template over LSP', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pw-lsp-stacks-live-'));
    cpSync(join(repoRoot(), 'test', 'fixtures', 'workspace', 'folder'), root, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('edits of app.yaml give the diagnostics of a fresh open of the final text', async () => {
    const client = await LspClient.start({ settings: {}, workspaceFolders: [root] });
    try {
      const uri = fileUri(join(root, 'app.yaml'));
      const start = readFileSync(join(root, 'app.yaml'), 'utf8');
      let doc = client.open(uri, start);
      const first = await client.diagnosticsFor(uri, 1);
      assert.ok(first.diagnostics.some((d) => d.code === 'NACL_RETURN_EPHEMERAL_BLOCKED'), JSON.stringify(first.diagnostics.map((d) => d.code)));
      const at = (s: string) => {
        const i = doc.getText().indexOf(s);
        assert.ok(i >= 0, s);
        return i;
      };
      const edits: Array<() => void> = [
        // The DbSg rule no longer opens the flow's port (a finding in this file).
        () => (doc = client.edit(uri, at('FromPort: 5432') + 10, at('FromPort: 5432') + 14, '5433')),
        // The web server moved to the data subnet of network.yaml (an import retargeted).
        () => (doc = client.edit(uri, at('prod-PublicSubnet'), at('prod-PublicSubnet') + 'prod-PublicSubnet'.length, 'prod-DataSubnet')),
        // A resource of its own, then YAML broken inside it and repaired.
        () => (doc = client.edit(uri, at('  Web:\n'), at('  Web:\n'), "  Extra: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.99.0.0/16}}\n")),
        () => (doc = client.edit(uri, at('10.99.0.0/16}}') + 14, at('10.99.0.0/16}}') + 14, ' [')),
        () => (doc = client.edit(uri, at('10.99.0.0/16}} [') + 14, at('10.99.0.0/16}} [') + 16, '')),
        // A flow into the network stack retargeted.
        () => (doc = client.edit(uri, at('To: network/DataSubnet'), at('To: network/DataSubnet') + 'To: network/DataSubnet'.length, 'To: network/PublicSubnet')),
      ];
      for (const edit of edits) {
        edit();
        await client.diagnosticsFor(uri, doc.version);
      }
      const typed = await client.diagnosticsFor(uri, doc.version);
      const typedLenses = await client.codeLenses(uri);
      const finalText = doc.getText();
      client.close(uri);
      const mark = client.diagnostics.length;
      client.open(uri, finalText, 'yaml', 1);
      const fresh = await client.diagnosticsFor(uri, 1, mark);
      assert.deepEqual(typed.diagnostics, fresh.diagnostics);
      // The flows' code lenses (verdicts, trace commands) too.
      assert.deepEqual(await client.codeLenses(uri), typedLenses);
      // The edits mattered: the closed SG port shows.
      assert.notDeepEqual(fresh.diagnostics.map((d) => d.code), first.diagnostics.map((d) => d.code));
    } finally {
      await client.stop();
    }
  });
});
