// packetwalk/compare against the real server: the open document (its unsaved text) compared with an
// earlier text of it, as the editor's Compare with HEAD asks; the answer is the diff with its markdown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReachabilityDiff } from '../../shared/protocol';
import { fileUri, LspClient, repoRoot } from './lsp-client';

const WORKING = readFileSync(join(repoRoot(), 'test/fixtures/diff/app-db.yaml'), 'utf8');
const REPLIES = 'PortRange: { From: 1024, To: 65535 }   # replies';
const BROKEN = WORKING.replace(REPLIES, 'PortRange: { From: 5432, To: 5432 }   # replies');

type Answer = ReachabilityDiff & { markdown: string };

describe('packetwalk/compare', () => {
  let client: LspClient;
  const uri = fileUri('/tmp/packetwalk-lsp/compare.yaml');
  before(async () => {
    client = await LspClient.start();
    client.open(uri, BROKEN);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  it('names the flow the open text broke, the hop that changed and the resource, with a markdown rendering', async () => {
    const answer = await client.request<Answer>('packetwalk/compare', { uri, baseText: WORKING, baseLabel: 'HEAD' });
    assert.deepEqual(answer.resources, [{ id: 'DbNaclOutbound', type: 'AWS::EC2::NetworkAclEntry', change: 'modified' }]);
    assert.deepEqual(answer.flows.map((f) => [f.name, f.before?.verdict, f.after?.verdict]), [['fn-to-db', 'reachable', 'blocked']]);
    assert.match(answer.flows[0]!.changedHop ?? '', /^return hop \d+: was DbNacl pass/);
    assert.match(answer.markdown, /HEAD → /);
    assert.match(answer.markdown, /`fn-to-db`/);
  });

  it('follows the unsaved edits: after the fix, nothing differs from the base', async () => {
    client.change(uri, WORKING);
    const answer = await client.request<Answer>('packetwalk/compare', { uri, baseText: WORKING, baseLabel: 'HEAD' });
    assert.deepEqual(answer.flows, []);
    assert.deepEqual(answer.resources, []);
    assert.match(answer.markdown, /No flow changed its verdict or path\./);
  });

  it('a new file (no base text) lists every flow as added; a document the server does not know is an error', async () => {
    const answer = await client.request<Answer>('packetwalk/compare', { uri, baseText: null, baseLabel: 'HEAD' });
    assert.deepEqual(answer.flows.map((f) => [f.name, f.before]), [['fn-to-db', null], ['db-not-from-internet', null], ['no-ssh-to-db', null]]);
    await assert.rejects(client.request('packetwalk/compare', { uri: fileUri('/tmp/packetwalk-lsp/not-open.yaml'), baseText: WORKING }));
  });
});
