// The client's pure pieces, checked without an editor: the CloudFormation sniff that gates the language
// client, the trace view's HTML (escaping, CSP, hop table), the picker validation and the status bar wording.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { looksLikeCloudFormation } from '../../client/src/sniff';
import { escapeHtml, renderTraceHtml, formatHeader } from '../../client/src/trace-html';
import { validateAddress, validatePort } from '../../client/src/flow-input';
import { describeSummary } from '../../client/src/summary-text';
import type { FlowSummary, TraceResult } from '../../shared/protocol';

test('sniff accepts YAML, JSON and cdk synth templates and rejects plain YAML/JSON', () => {
  assert.equal(looksLikeCloudFormation("AWSTemplateFormatVersion: '2010-09-09'\n"), true);
  assert.equal(looksLikeCloudFormation('Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n'), true);
  assert.equal(looksLikeCloudFormation('Resources:\n  Vpc: { Type: "AWS::EC2::VPC" }\n'), true);
  assert.equal(looksLikeCloudFormation('{"Resources":{"Vpc":{"Type":"AWS::EC2::VPC"}}}'), true);
  assert.equal(looksLikeCloudFormation('{ "Resources": { "V": { "Type" : "AWS::EC2::VPC" } } }'), true);
  assert.equal(looksLikeCloudFormation('services:\n  web:\n    image: nginx\n    Type: web\n'), false);
  assert.equal(looksLikeCloudFormation('{"name":"x","Type":"AWS"}'), false);
  assert.equal(looksLikeCloudFormation('description: mentions AWS::EC2::VPC in prose only\n'), false);
});

const trace: TraceResult = {
  verdict: 'blocked',
  blockedAt: { resource: 'DbNacl', direction: 'return', code: 'NACL_RETURN_EPHEMERAL_BLOCKED', message: 'replies <die>', range: { start: 5, end: 9 } },
  blockers: [{ resource: 'DbNacl', direction: 'return', code: 'NACL_RETURN_EPHEMERAL_BLOCKED', message: 'replies <die>', range: { start: 5, end: 9 } }],
  assumptions: ['client uses "32768-60999" & <Linux>'],
  hops: [
    { resource: 'App<img src=x onerror=alert(1)>', type: 'AWS::EC2::Instance', direction: 'forward',
      in: { src: '10.0.1.10', srcPort: { from: 32768, to: 60999 }, dst: '10.0.2.10', dstPort: 5432, protocol: 'tcp' },
      out: { src: '10.0.1.10', srcPort: { from: 32768, to: 60999 }, dst: '10.0.2.10', dstPort: 5432, protocol: 'tcp' },
      decision: 'pass', rule: '', code: '', reason: 'leaves', range: { start: 100, end: 120 } },
    { resource: 'DbNacl', type: 'AWS::EC2::NetworkAcl', direction: 'return',
      in: { src: '10.0.2.10', srcPort: 5432, dst: '10.0.1.10', dstPort: null, protocol: 'tcp' },
      out: { src: '10.0.2.10', srcPort: 5432, dst: '10.0.1.10', dstPort: null, protocol: 'tcp' },
      decision: 'drop', rule: '* deny', code: 'NACL_RETURN_EPHEMERAL_BLOCKED', reason: 'no outbound rule', range: { start: 200, end: 230 } },
  ],
};

test('trace view escapes template text, runs only nonce scripts and lists both directions', () => {
  const html = renderTraceHtml({ uri: 'file:///t.yaml', from: 'App', to: 'Db', protocol: 'tcp', port: 5432 }, trace,
    { nonce: 'N0NCE', cspSource: 'vscode-webview:', canSave: true });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /App&#60;img src=x onerror=alert\(1\)&#62;/);
  assert.match(html, /replies &#60;die&#62;/);
  assert.match(html, /&#34;32768-60999&#34; &#38; &#60;Linux&#62;/);
  assert.match(html, /default-src &#39;none&#39;/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="N0NCE">/);
  assert.match(html, /Forward path[\s\S]*App&#60;[\s\S]*Return path[\s\S]*data-hop="1"/);
  assert.match(html, /id="save"/);
  assert.match(html, /<p class="verdict blocked" id="verdict">Blocked<\/p>/);
  const noSave = renderTraceHtml({ uri: 'file:///t.yaml', from: 'App', to: 'Db' }, trace, { nonce: 'n', cspSource: 'x', canSave: false });
  assert.doesNotMatch(noSave, /id="save"/);
});

test('headers show port ranges and unknown ports', () => {
  assert.equal(formatHeader(trace.hops[0].in), 'tcp 10.0.1.10:32768-60999 → 10.0.2.10:5432');
  assert.equal(formatHeader(trace.hops[1].in), 'tcp 10.0.2.10:5432 → 10.0.1.10:*');
  assert.equal(escapeHtml(`a'b\`c`), 'a&#39;b&#96;c');
});

test('picker validation: addresses, CIDRs, internet, ports and ranges per protocol', () => {
  for (const ok of ['internet', '8.8.8.8', '10.0.0.0/16', '2001:db8::1', '2001:db8::/32', '::/0']) assert.equal(validateAddress(ok), undefined, ok);
  for (const bad of ['', 'Db', '10.0.0.256', '10.0.0.0/33', 'internets']) assert.notEqual(validateAddress(bad), undefined, bad);
  assert.equal(validatePort('443', 'tcp'), undefined);
  assert.equal(validatePort('1024-65535', 'udp'), undefined);
  assert.notEqual(validatePort('', 'tcp'), undefined);
  assert.notEqual(validatePort('65536', 'tcp'), undefined);
  assert.notEqual(validatePort('2000-1000', 'tcp'), undefined);
  assert.notEqual(validatePort('http', 'tcp'), undefined);
  assert.equal(validatePort('', 'icmp'), undefined);
  assert.equal(validatePort('8', 'icmp'), undefined);
  assert.notEqual(validatePort('300', 'icmp'), undefined);
});

test('status bar wording', () => {
  const s = (over: Partial<FlowSummary>): FlowSummary =>
    ({ uri: 'file:///t', version: 1, isTemplate: true, total: 5, asExpected: 5, failing: 0, unknown: 0, stale: false, ...over });
  assert.equal(describeSummary(s({})).text, '$(pass) 5 flows ok');
  assert.equal(describeSummary(s({ failing: 2, asExpected: 3 })).text, '$(error) 2 of 5 flows failing');
  assert.equal(describeSummary(s({ failing: 2 })).severity, 'error');
  assert.equal(describeSummary(s({ unknown: 1, asExpected: 4 })).text, '$(question) 1 of 5 flows unknown');
  assert.equal(describeSummary(s({ total: 1, asExpected: 1 })).text, '$(pass) 1 flow ok');
  assert.match(describeSummary(s({ stale: true, failing: 2 })).text, /stale/);
  assert.equal(describeSummary(s({ total: 0, asExpected: 0 })).text, '$(circle-large-outline) no flows');
});
