// Settings through workspace/configuration: parameters, parametersFile (only inside a workspace folder,
// after realpath), ephemeral.instance, strict, enable; re-analysis on didChangeConfiguration.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, fixturePath, LspClient } from './lsp-client';

const PARAMETERS = readFileSync(fixturePath('parameters.yaml'), 'utf8');
const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');

describe('settings', () => {
  let root: string;
  let workspace: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'packetwalk-settings-'));
    workspace = join(root, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'params.json'), JSON.stringify([{ ParameterKey: 'DbPort', ParameterValue: '5432' }]));
    writeFileSync(join(workspace, 'params-bad.json'), JSON.stringify({ Parameters: { DbPort: '5433' } }));
    writeFileSync(join(root, 'outside.json'), JSON.stringify([{ ParameterKey: 'DbPort', ParameterValue: '5432' }]));
    symlinkSync(join(root, 'outside.json'), join(workspace, 'link.json'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  async function codesWith(settings: Record<string, unknown>, text = PARAMETERS): Promise<Array<[string, number]>> {
    const client = await LspClient.start({ settings, workspaceFolders: [workspace] });
    try {
      const uri = fileUri(join(workspace, 'template.yaml'));
      client.open(uri, text);
      const published = await client.diagnosticsFor(uri, 1);
      return published.diagnostics.map((d) => [String(d.code), d.severity ?? 0]);
    } finally {
      await client.stop();
    }
  }

  it('impliedFlows (default on): a template without declared flows gets its implied warning; off, nothing', async () => {
    const trap = readFileSync(join('test', 'fixtures', 'implied', 'lambda-rds-nacl-trap.yaml'), 'utf8');
    assert.deepEqual(await codesWith({}, trap), [['NACL_RETURN_EPHEMERAL_BLOCKED', 2]]);
    assert.deepEqual(await codesWith({ impliedFlows: false }, trap), []);
  });

  it('without a value the flow is unknown: a warning, an error when strict', async () => {
    assert.deepEqual(await codesWith({}), [['ASSUMPTION_UNRESOLVED_VALUE', 2]]);
    assert.deepEqual(await codesWith({ strict: true }), [['ASSUMPTION_UNRESOLVED_VALUE', 1]]);
  });

  it('uses parameters from the settings', async () => {
    assert.deepEqual(await codesWith({ parameters: { DbPort: 5432 } }), []);
    assert.deepEqual(await codesWith({ parameters: { DbPort: '5433' } }), [['ENI_SG_RULES_MISMATCH', 1]]);
  });

  it('reads parametersFile inside the workspace folder (both formats); settings parameters win', async () => {
    assert.deepEqual(await codesWith({ parametersFile: 'params.json' }), []);
    assert.deepEqual(await codesWith({ parametersFile: 'params-bad.json' }), [['ENI_SG_RULES_MISMATCH', 1]]);
    assert.deepEqual(await codesWith({ parametersFile: 'params-bad.json', parameters: { DbPort: '5432' } }), []);
  });

  it('never reads a parametersFile outside the workspace folders, even through a symlink', async () => {
    assert.deepEqual(await codesWith({ parametersFile: '../outside.json' }), [['ASSUMPTION_UNRESOLVED_VALUE', 2]]);
    assert.deepEqual(await codesWith({ parametersFile: join(root, 'outside.json') }), [['ASSUMPTION_UNRESOLVED_VALUE', 2]]);
    assert.deepEqual(await codesWith({ parametersFile: 'link.json' }), [['ASSUMPTION_UNRESOLVED_VALUE', 2]]);
  });

  it('applies ephemeral.instance to the return path', async () => {
    const client = await LspClient.start({ settings: { ephemeral: { instance: '49152-65535' } } });
    try {
      const uri = fileUri('/tmp/packetwalk-lsp/settings-ephemeral.yaml');
      client.open(uri, TEMPLATE);
      const [d] = (await client.diagnosticsFor(uri, 1)).diagnostics;
      assert.match(d.message as string, /49152-65535/);
      assert.doesNotMatch(d.message as string, /32768-60999/);
    } finally {
      await client.stop();
    }
  });

  it('applies publicIps to the traces (a private address is refused, not shown)', async () => {
    const dns = readFileSync(join('examples', 'private-subnet-dns.yaml'), 'utf8');
    const client = await LspClient.start({ settings: { publicIps: { NatEip: '3.224.9.52', Other: '10.1.2.3' } } });
    try {
      const uri = fileUri('/tmp/packetwalk-lsp/settings-public-ips.yaml');
      client.open(uri, dns);
      await client.diagnosticsFor(uri, 1);
      const trace = await client.request<{ hops: Array<{ resource: string; direction: string; out: { src: string } }> }>('packetwalk/traceFlow', {
        uri,
        from: 'Red',
        to: '8.8.8.8',
        protocol: 'udp',
        port: 53,
      });
      const igw = trace.hops.find((h) => h.direction === 'forward' && h.resource === 'InternetGateway');
      assert.equal(igw?.out.src, '3.224.9.52');
    } finally {
      await client.stop();
    }
  });

  it('takes settings from initializationOptions when the client has no workspace/configuration', async () => {
    const client = await LspClient.start({ initializationOptions: { settings: { parameters: { DbPort: '5433' } } } });
    try {
      const uri = fileUri('/tmp/packetwalk-lsp/settings-init.yaml');
      client.open(uri, PARAMETERS);
      assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['ENI_SG_RULES_MISMATCH']);
      // Pushed settings (didChangeConfiguration) replace them.
      const mark = client.diagnostics.length;
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packetwalk: { parameters: { DbPort: '5432' } } } });
      const changed = await client.waitFor('re-analysis', () => client.diagnostics.slice(mark).find((d) => d.uri === uri));
      assert.deepEqual(changed.diagnostics, []);
    } finally {
      await client.stop();
    }
  });

  it('re-analyses open documents when the configuration changes, and clears them when disabled', async () => {
    const client = await LspClient.start({ settings: { parameters: { DbPort: '5432' } } });
    try {
      const uri = fileUri('/tmp/packetwalk-lsp/settings-change.yaml');
      client.open(uri, PARAMETERS);
      assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
      let mark = client.diagnostics.length;
      client.setSettings({ parameters: { DbPort: '5433' } });
      const changed = await client.waitFor('re-analysis', () =>
        client.diagnostics.slice(mark).find((d) => d.uri === uri && d.diagnostics.length > 0),
      );
      assert.deepEqual(changed.diagnostics.map((d) => d.code), ['ENI_SG_RULES_MISMATCH']);
      mark = client.diagnostics.length;
      client.setSettings({ enable: false, parameters: { DbPort: '5433' } });
      const cleared = await client.waitFor('cleared', () => client.diagnostics.slice(mark).find((d) => d.uri === uri));
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
