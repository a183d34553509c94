// The language server and a workspace of stacks: a template importing another template's exports is
// analysed with it (read from disk inside the workspace folder); a flow blocked in the other template is
// shown on the flow's declaration with the blocking element's place there as related information; a
// change of that file on disk (workspace/didChangeWatchedFiles) re-analyses the open document.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, repoRoot } from './lsp-client';

describe('workspace of stacks over LSP', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pw-lsp-stacks-'));
    cpSync(join(repoRoot(), 'test', 'fixtures', 'workspace', 'folder'), root, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows the flow blocked by the NACL of network.yaml on its declaration in app.yaml, and clears it after network.yaml is fixed on disk', async () => {
    const client = await LspClient.start({ settings: {}, workspaceFolders: [root] });
    try {
      const appUri = fileUri(join(root, 'app.yaml'));
      const networkUri = fileUri(join(root, 'network.yaml'));
      const text = readFileSync(join(root, 'app.yaml'), 'utf8');
      const doc = client.open(appUri, text);
      const first = await client.diagnosticsFor(appUri, 1);
      const nacl = first.diagnostics.find((d) => d.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
      assert.ok(nacl, JSON.stringify(first.diagnostics, null, 1));
      // On the declaration of flow web-to-db, in this document.
      const declared = doc.getText(nacl.range);
      assert.match(declared, /web-to-db/);
      const inNetwork = nacl.relatedInformation?.find((r) => r.location.uri === networkUri);
      assert.ok(inNetwork, JSON.stringify(nacl.relatedInformation));
      const networkText = readFileSync(join(root, 'network.yaml'), 'utf8').split('\n');
      assert.match(networkText[inNetwork.location.range.start.line], /DbAcl|NetworkAclEntry|PortRange|Egress|5432|NetworkAcl/);

      const trace = await client.connection.sendRequest('packetwalk/traceFlow', { uri: appUri, from: 'Web', to: 'network/DataSubnet', protocol: 'tcp', port: 5432 });
      assert.equal((trace as { verdict: string }).verdict, 'blocked');
      assert.equal((trace as { blockedAt: { file: string } }).blockedAt.file.endsWith('/network.yaml'), true);

      // The network stack is fixed on disk (replies on ephemeral ports allowed): the open document follows.
      const since = client.diagnostics.length;
      const fixed = readFileSync(join(root, 'network.yaml'), 'utf8').replace(
        /(DbAclOut:[\s\S]*?PortRange: \{ From: )5432, To: 5432/,
        '$11024, To: 65535',
      );
      writeFileSync(join(root, 'network.yaml'), fixed);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: networkUri, type: 2 }] });
      const after = await client.waitFor('diagnostics after the change on disk', () =>
        client.diagnostics.slice(since).find((d) => d.uri === appUri && !d.diagnostics.some((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED')),
      );
      assert.deepEqual(after.diagnostics.filter((d) => d.severity === 1), []);
    } finally {
      await client.stop();
    }
  });

  it("reads the unsaved text of another open template: an edit of network.yaml in the editor re-analyses app.yaml before any save", async () => {
    const client = await LspClient.start({ settings: {}, workspaceFolders: [root] });
    try {
      // A fresh copy: the test above rewrote network.yaml on disk.
      cpSync(join(repoRoot(), 'test', 'fixtures', 'workspace', 'folder', 'network.yaml'), join(root, 'network.yaml'));
      const appUri = fileUri(join(root, 'app.yaml'));
      const networkUri = fileUri(join(root, 'network.yaml'));
      const networkText = readFileSync(join(root, 'network.yaml'), 'utf8');
      client.open(networkUri, networkText);
      client.open(appUri, readFileSync(join(root, 'app.yaml'), 'utf8'));
      const first = await client.diagnosticsFor(appUri, 1);
      assert.ok(first.diagnostics.some((d) => d.code === 'NACL_RETURN_EPHEMERAL_BLOCKED'), JSON.stringify(first.diagnostics.map((d) => d.code)));

      // The fix typed into the open network.yaml, not saved: app.yaml follows the open text.
      const since = client.diagnostics.length;
      client.change(networkUri, networkText.replace(/(DbAclOut:[\s\S]*?PortRange: \{ From: )5432, To: 5432/, '$11024, To: 65535'));
      const fixed = await client.waitFor('app.yaml re-analysed with the open network.yaml', () =>
        client.diagnostics.slice(since).find((d) => d.uri === appUri && !d.diagnostics.some((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED')),
      );
      assert.deepEqual(fixed.diagnostics.filter((d) => d.severity === 1), []);
      assert.equal(readFileSync(join(root, 'network.yaml'), 'utf8'), networkText, 'nothing was written to disk');

      // Closing network.yaml without saving: the disk's text counts again.
      const sinceClose = client.diagnostics.length;
      client.close(networkUri);
      await client.waitFor('app.yaml re-analysed with the disk text after the close', () =>
        client.diagnostics.slice(sinceClose).find((d) => d.uri === appUri && d.diagnostics.some((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED')),
      );
    } finally {
      await client.stop();
    }
  });

  it('packetwalk.stackNames names a hand-written stack, so exports named with ${AWS::StackName} resolve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-lsp-stack-names-'));
    cpSync(join(repoRoot(), 'test', 'fixtures', 'workspace', 'stack-names'), dir, { recursive: true });
    const client = await LspClient.start({ settings: {}, workspaceFolders: [dir] });
    try {
      const appUri = fileUri(join(dir, 'app.yaml'));
      client.open(appUri, readFileSync(join(dir, 'app.yaml'), 'utf8'));
      const unnamed = await client.diagnosticsFor(appUri, 1);
      const unknown = unnamed.diagnostics.find((d) => d.code === 'ASSUMPTION_UNRESOLVED_VALUE');
      assert.ok(unknown, JSON.stringify(unnamed.diagnostics.map((d) => d.code)));
      assert.match(String(unknown.message), /AWS::StackName is only known at deploy.*packetwalk\.stackNames/);

      const since = client.diagnostics.length;
      client.setSettings({ stackNames: { 'net.yaml': 'prod-net' } });
      const named = await client.waitFor('diagnostics once the stack is named', () =>
        client.diagnostics.slice(since).find((d) => d.uri === appUri && !d.diagnostics.some((x) => x.code === 'ASSUMPTION_UNRESOLVED_VALUE')),
      );
      assert.deepEqual(named.diagnostics.filter((d) => d.severity === 1 || d.severity === 2), []);
      const trace = (await client.connection.sendRequest('packetwalk/traceFlow', { uri: appUri, from: 'Api', to: 'Db', protocol: 'tcp', port: 5432 })) as { verdict: string };
      assert.equal(trace.verdict, 'reachable');
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a workspace folder the imports stay unknown (the template alone, as before)', async () => {
    const client = await LspClient.start({ settings: {} });
    try {
      const appUri = fileUri(join(root, 'app.yaml'));
      client.open(appUri, readFileSync(join(root, 'app.yaml'), 'utf8'));
      const d = await client.diagnosticsFor(appUri, 1);
      assert.ok(!d.diagnostics.some((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED'));
      assert.ok(d.diagnostics.some((x) => x.code === 'ASSUMPTION_UNRESOLVED_VALUE'), JSON.stringify(d.diagnostics.map((x) => x.code)));
    } finally {
      await client.stop();
    }
  });
});
