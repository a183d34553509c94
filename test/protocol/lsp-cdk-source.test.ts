// CDK source lines over LSP: with a synthesized cloud assembly in the workspace folder, the server
// publishes the blocked flow's finding on the line of the app's code that created the NACL (the template's
// element as related information); after a re-synth that fixes the NACL and a watched-file change, the
// diagnostic is gone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, fileUri } from './lsp-client';
import { runApp, synth, TWO_STACK_APP } from '../unit/workspace/cdk-apps';

describe('CDK source lines over LSP', () => {
  it('publishes the finding on the construct line of app.js, and clears it after a fixing synth', async () => {
    const app = synth(TWO_STACK_APP);
    const client = await LspClient.start({ settings: {}, workspaceFolders: [app.dir] });
    try {
      const appUri = fileUri(app.appFile);
      const published = await client.waitFor('diagnostics on app.js', () =>
        client.diagnostics.find((d) => d.uri === appUri && d.diagnostics.length > 0),
      );
      const d = published.diagnostics.find((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED')!;
      assert.ok(d, JSON.stringify(published.diagnostics, null, 1));
      assert.equal(d.range.start.line, app.line('@DataAcl') - 1);
      assert.match(String(d.message), /NetworkStack\/DataAcl\/Resource/);
      assert.ok(d.relatedInformation?.some((r) => r.location.uri === fileUri(join(app.outdir, 'NetworkStack.template.json'))), JSON.stringify(d.relatedInformation));
      // Hover on that line of code: the trace of the blocked flow, as in the template.
      const hover = (await client.connection.sendRequest('packetwalk/sourceHover', { uri: appUri, position: { line: d.range.start.line, character: 4 } })) as { markdown: string } | null;
      assert.ok(hover, 'a hover on the construct line');
      assert.match(hover.markdown, /Construct `NetworkStack\/DataAcl\/Resource`/);
      assert.match(hover.markdown, /\*\*Flow `web-to-db`\*\*/);
      assert.match(hover.markdown, /\*\*Blocked at\*\*[\s\S]*NACL_RETURN_EPHEMERAL_BLOCKED/);
      assert.match(hover.markdown, /\*\*Return\*\*/);
      assert.equal(await client.connection.sendRequest('packetwalk/sourceHover', { uri: appUri, position: { line: 0, character: 0 } }), null);

      const since = client.diagnostics.length;
      const fixed = runApp(TWO_STACK_APP, { dir: app.dir, env: { FIXED: '1' } });
      assert.equal(fixed.status, 0, fixed.stderr);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: fileUri(join(app.outdir, 'NetworkStack.template.json')), type: 2 }],
      });
      await client.waitFor('app.js cleared', () => client.diagnostics.slice(since).find((x) => x.uri === appUri && x.diagnostics.length === 0));
      assert.equal(await client.connection.sendRequest('packetwalk/sourceHover', { uri: appUri, position: { line: d.range.start.line, character: 4 } }), null, 'no hover once fixed');
    } finally {
      await client.stop();
    }
  });

  it('offers CDK resources by construct path in the endpoint list (the Trace Flow picker), and a trace by that name works', async () => {
    const app = synth(TWO_STACK_APP);
    const client = await LspClient.start({ settings: {}, workspaceFolders: [app.dir] });
    try {
      const file = join(app.outdir, 'AppStack.template.json');
      const uri = fileUri(file);
      client.open(uri, readFileSync(file, 'utf8'), 'json');
      await client.diagnosticsFor(uri, 1);
      const endpoints = (await client.connection.sendRequest('packetwalk/endpoints', { uri })) as Array<{ id: string; label: string; logicalId?: string }>;
      const db = endpoints.find((e) => e.id === 'AppStack/Db');
      assert.ok(db, JSON.stringify(endpoints.map((e) => e.id)));
      assert.match(db.logicalId ?? '', /^Db[0-9A-F]{8}$/, 'the hashed logical ID is kept beside the construct path');
      assert.match(db.label, /^AppStack\/Db \(AWS::EC2::Instance in NetworkStack\/Vpc\/dataSubnet1/);
      assert.ok(endpoints.some((e) => e.id === 'AppStack/Web'));
      assert.ok(endpoints.every((e) => !/^Db[0-9A-F]{8}$/.test(e.id)), 'no hashed ID offered where a construct path names it');
      const trace = (await client.connection.sendRequest('packetwalk/traceFlow', { uri, from: 'AppStack/Web', to: db.id, protocol: 'tcp', port: 5432 })) as { verdict: string };
      assert.equal(trace.verdict, 'blocked');
    } finally {
      await client.stop();
    }
  });
});
