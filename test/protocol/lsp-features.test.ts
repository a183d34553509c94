// Hover and code lens from the real server: on declared flows (metadata items and NetworkInsightsPath
// resources), NACL entries and resources, nothing elsewhere; lens titles follow the verdicts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { fileUri, fixturePath, LspClient } from './lsp-client';

const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const INSIGHTS = readFileSync(fixturePath('insights-path.yaml'), 'utf8');
const SG_RULE = readFileSync(fixturePath('sg-rule.yaml'), 'utf8');
const PARAMETERS = readFileSync(fixturePath('parameters.yaml'), 'utf8');

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function at(text: string, needle: string, delta = 2): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
}

/** The template with DbNaclOut opened to the client's ephemeral ports. */
function fixed(text: string): string {
  const out = text.indexOf('DbNaclOut:');
  const tail = text.slice(out).replace('From: 5432', 'From: 1024').replace('To: 5432', 'To: 65535');
  return text.slice(0, out) + tail;
}

describe('hover and code lens', () => {
  let client: LspClient;
  const uri = fileUri('/tmp/packetwalk-lsp/features.yaml');
  before(async () => {
    client = await LspClient.start();
    client.open(uri, TEMPLATE);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  it('explains a declared flow: verdict, blocker and the hop table both ways', async () => {
    const md = markdown(await client.hover(uri, at(TEMPLATE, 'Name: app-to-db')));
    assert.match(md, /Flow `app-to-db`/);
    assert.match(md, /✗ blocked\*\* \(expected reachable\)/);
    assert.match(md, /`DbNacl` \(return, `NACL_RETURN_EPHEMERAL_BLOCKED`\)/);
    const forward = md.slice(md.indexOf('**Forward**'), md.indexOf('**Return**'));
    const back = md.slice(md.indexOf('**Return**'));
    assert.match(forward, /\| 1 \| AppSg `AWS::EC2::SecurityGroup` \| pass \|/);
    assert.match(forward, /10\.0\.1\.0\/24:32768-60999 → 10\.0\.2\.10:5432/);
    assert.match(back, /DbNacl `AWS::EC2::NetworkAcl` \| \*\*drop\*\*/);
    assert.match(back, /10\.0\.2\.10:5432 → 10\.0\.1\.0\/24:32768-60999/);
  });

  it('explains the flow from any line of its declaration', async () => {
    const md = markdown(await client.hover(uri, at(TEMPLATE, 'Expect: blocked')));
    assert.match(md, /Flow `app-ssh-db`/);
    assert.match(md, /✓ blocked\*\* \(expected blocked\)/);
  });

  it('on a NACL entry: the flows it decides', async () => {
    const md = markdown(await client.hover(uri, at(TEMPLATE, 'DbNaclIn:')));
    assert.match(md, /\*\*DbNaclIn\*\* `AWS::EC2::NetworkAclEntry`/);
    const decides = md.slice(md.indexOf('Decides these declared flows'), md.indexOf('Decided by the rest'));
    assert.match(decides, /`app-to-db`/);
    assert.match(decides, /forward: passes .* by rule 100 allow tcp 5432 from 10\.0\.1\.0\/24/);
    assert.doesNotMatch(decides, /app-ssh-db/);
  });

  it('on the outbound NACL entry: the return traffic its NACL drops on that side', async () => {
    const md = markdown(await client.hover(uri, at(TEMPLATE, 'DbNaclOut:')));
    assert.match(md, /It decides no declared flow\./);
    const rest = md.slice(md.indexOf('Decided by the rest of `DbNacl` (outbound):'));
    assert.ok(rest.length > 0 && md.includes('(outbound):'), md);
    assert.match(rest, /`app-to-db`[^\n]*\n\s+- return: \*\*drops\*\* 10\.0\.2\.10:5432 → 10\.0\.1\.0\/24:32768-60999/);
    assert.doesNotMatch(rest, /forward:/);
  });

  it('on a security group rule resource: the flows it decides, and nothing for a rule that decides none', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/sg-rule.yaml');
    client.open(u, SG_RULE);
    await client.diagnosticsFor(u, 1);
    const md = markdown(await client.hover(u, at(SG_RULE, 'DbFromWeb:')));
    assert.match(md, /\*\*DbFromWeb\*\* `AWS::EC2::SecurityGroupIngress`/);
    assert.match(md, /Decides these declared flows:\n\n- \*\*`web-to-db`\*\* \(tcp 3306, reachable\):\n\s+- forward: passes/);
    const other = markdown(await client.hover(u, at(SG_RULE, 'CidrIp: 192')));
    assert.match(other, /\*\*DbFromAdmin\*\*/);
    assert.match(other, /It decides no declared flow\./);
  });

  it('on a resource: the flows that pass through it and what it did', async () => {
    const md = markdown(await client.hover(uri, at(TEMPLATE, 'SecurityGroupIngress')));
    assert.match(md, /\*\*DbSg\*\* `AWS::EC2::SecurityGroup`/);
    assert.match(md, /`app-to-db`[^\n]*\n\s+- forward: passes/);
    assert.match(md, /`app-ssh-db`[^\n]*\n\s+- forward: \*\*drops\*\*/);
  });

  it('answers null outside flows and resources', async () => {
    assert.equal(await client.hover(uri, at(TEMPLATE, 'AWSTemplateFormatVersion')), null);
    assert.equal(await client.hover(uri, at(TEMPLATE, 'Description:', 20)), null);
  });

  it('puts a lens on each declared flow with its verdict and the trace command', async () => {
    const lenses = (await client.codeLenses(uri)) ?? [];
    const doc = client.docs.get(uri)!;
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['✗ blocked at DbNacl (return)', '✓ blocked at DbNacl (forward) · as expected'],
    );
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [doc.positionAt(TEMPLATE.indexOf('Name: app-to-db')).line, doc.positionAt(TEMPLATE.indexOf('Name: app-ssh-db')).line],
    );
    assert.equal(lenses[0].command?.command, 'packetwalk.traceFlow');
    assert.deepEqual(lenses[0].command?.arguments, [{ uri, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 }]);
  });

  it('updates the lens when an edit makes the flow reachable', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/features-fixed.yaml');
    client.open(u, fixed(TEMPLATE));
    await client.diagnosticsFor(u, 1);
    const lenses = (await client.codeLenses(u)) ?? [];
    const trace = await client.request<{ hops: unknown[] }>('packetwalk/traceFlow', { uri: u, from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
    assert.equal(lenses[0].command?.title, `✓ reachable · ${trace.hops.length} hops`);
    assert.equal(lenses[1].command?.title, '✓ blocked at DbNacl (forward) · as expected');
  });

  it('marks a flow expected blocked that gets through', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/exposed.yaml');
    const text = SG_RULE.replace('        Port: 3306\n', '        Port: 3306\n        Expect: blocked\n');
    client.open(u, text);
    const published = await client.diagnosticsFor(u, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['FLOW_UNEXPECTEDLY_REACHABLE']);
    const [lens] = (await client.codeLenses(u)) ?? [];
    assert.match(lens.command!.title, /^✗ reachable · \d+ hops \(expected blocked\)$/);
  });

  it('says why a flow is unknown, in the lens and in the hover', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/unknown.yaml');
    client.open(u, PARAMETERS);
    await client.diagnosticsFor(u, 1);
    const [lens] = (await client.codeLenses(u)) ?? [];
    assert.equal(lens.command!.title, '? unknown: parameter DbPort has no Default and no value was given (at DbSg)');
    const md = markdown(await client.hover(u, at(PARAMETERS, 'Name: app-to-db')));
    assert.match(md, /\*\*\? unknown\*\* \(expected reachable\): .*DbPort/);
    assert.match(md, /_unknown_/);
  });

  it('treats a NetworkInsightsPath resource as a declared flow', async () => {
    const u = fileUri('/tmp/packetwalk-lsp/insights.yaml');
    client.open(u, INSIGHTS);
    await client.diagnosticsFor(u, 1);
    const md = markdown(await client.hover(u, at(INSIGHTS, 'DestinationPort')));
    assert.match(md, /Flow `[^`]+`/);
    assert.match(md, /`A` → `B`/);
    assert.match(md, /tcp 22/);
    const lenses = (await client.codeLenses(u)) ?? [];
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command!.title, /^✓ reachable · \d+ hops$/);
  });
});
