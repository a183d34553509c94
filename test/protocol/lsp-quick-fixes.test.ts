// Quick fixes from the real server: for each kind of fix, the client asks textDocument/codeAction with
// the diagnostic under the cursor, gets a `quickfix` action tied to that diagnostic, applies its
// WorkspaceEdit, and the diagnostic is gone from the analysis of the edited text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, LspClient, repoRoot } from './lsp-client';

const fixture = (p: string) => readFileSync(join(repoRoot(), 'test', 'fixtures', p), 'utf8');

const CASES: Array<{ fixture: string; code: string; title: RegExp; languageId?: string }> = [
  { fixture: 'lsp/app-db.yaml', code: 'NACL_RETURN_EPHEMERAL_BLOCKED', title: /^Add outbound rule 110 to DbNacl: allow tcp 32768-60999 to 10\.0\.1\.0\/24$/ },
  { fixture: 'lsp/app-db.json', code: 'NACL_RETURN_EPHEMERAL_BLOCKED', title: /^Add outbound rule 110 to DbNacl/, languageId: 'json' },
  { fixture: 'fixes/nacl-order.yaml', code: 'SUBNET_ACL_RESTRICTION', title: /^Renumber DbNaclAllowApp from 200 to 90/ },
  { fixture: 'fixes/sg-ingress.yaml', code: 'ENI_SG_RULES_MISMATCH', title: /^Allow tcp 5432 into DbSg from security group AppSg$/ },
  { fixture: 'fixes/route.yaml', code: 'NO_ROUTE_TO_DESTINATION', title: /^Add route 0\.0\.0\.0\/0 → NAT gateway Nat to AppRt$/ },
  { fixture: 'places/public-address.yaml', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', title: /^Set MapPublicIpOnLaunch: true on subnet PublicSubnet/ },
  { fixture: 'fixes/public-address-eni.yaml', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', title: /AssociatePublicIpAddress: true on its primary network interface$/ },
  { fixture: 'fixes/igw-attachment.yaml', code: 'IGW_NOT_ATTACHED', title: /^Attach internet gateway Igw to VPC Vpc/ },
];

function codeAction(client: LspClient, uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], ...(only ? { only } : {}) } });
}

describe('quick fixes in the editor', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('announces quick fixes among its code action kinds', () => {
    const provider = client.initializeResult.capabilities.codeActionProvider;
    assert.ok(typeof provider === 'object' && provider.codeActionKinds?.includes('quickfix'));
  });

  CASES.forEach((c, i) => {
    it(`${c.code} in ${c.fixture}: the fix tied to the diagnostic removes it once applied`, async () => {
      const uri = fileUri(`/tmp/packetwalk-lsp/quick-fix-${i}.${c.languageId === 'json' ? 'json' : 'yaml'}`);
      const doc = client.open(uri, fixture(c.fixture), c.languageId ?? 'yaml');
      const published = await client.diagnosticsFor(uri, 1);
      // The declared flow's finding (an error); an implied flow's warning may share the code.
      const d = published.diagnostics.find((x) => x.code === c.code && x.severity === 1);
      assert.ok(d, `a ${c.code} diagnostic: ${published.diagnostics.map((x) => x.code).join(', ')}`);
      const actions = (await codeAction(client, uri, d)).filter((a) => a.kind === 'quickfix');
      assert.equal(actions.length, 1, actions.map((a) => a.title).join('; '));
      const [action] = actions;
      assert.match(action.title, c.title);
      assert.equal(action.isPreferred, true);
      assert.deepEqual(action.diagnostics, [d], 'the action names the diagnostic it fixes');
      const edited = applyEdits(doc, action.edit!.changes![uri]);
      client.change(uri, edited);
      const again = await client.diagnosticsFor(uri, 2);
      assert.ok(!again.diagnostics.some((x) => x.code === c.code && x.message === d.message), `the diagnostic is gone: ${JSON.stringify(again.diagnostics.map((x) => [x.code, x.message]))}`);
      assert.ok(!again.diagnostics.some((x) => /syntax/.test(String(x.code))), 'the edited text parses');
      client.close(uri);
    });
  });

  it('answers only the kinds asked for, and nothing where no finding is', async () => {
    const uri = fileUri('/tmp/packetwalk-lsp/quick-fix-only.yaml');
    const text = fixture('lsp/app-db.yaml');
    const doc = client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    const d = published.diagnostics.find((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED')!;
    assert.deepEqual(await codeAction(client, uri, d, ['refactor']), []);
    assert.equal((await codeAction(client, uri, d, ['quickfix'])).length, 1);
    const nowhere = doc.positionAt(text.indexOf('ImageId'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: nowhere, end: nowhere }, context: { diagnostics: [] } });
    assert.deepEqual(actions, []);
    client.close(uri);
  });
});
