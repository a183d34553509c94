// analyzeText: templates in, findings out — grouped per blocking element, readable messages, related
// locations, exposures, unknown verdicts as warnings (errors when strict), non-templates ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';

const BASE = readFileSync(join('test', 'fixtures', 'walk', 'two-tier.yaml'), 'utf8');

function withFlows(text: string, flows: string): string {
  const marker = "AWSTemplateFormatVersion: '2010-09-09'\n";
  assert.ok(text.includes(marker));
  return text.replace(marker, `${marker}Metadata:\n  PacketWalk:\n    Flows:\n${flows}`);
}

const FLOWS = `      - Name: app-to-db
        From: App
        To: Db
        Port: 5432
      - Name: app2-to-db
        From: App2
        To: Db
        Port: 5432
      - Name: db-from-internet
        From: internet
        To: Db
        Port: 5432
        Expect: blocked
      - Name: web-exposed
        From: internet
        To: Web
        Port: 443
        Expect: blocked
`;

test('one finding per blocking element, naming every flow it blocks, with the declarations as related locations', () => {
  const text = withFlows(BASE, FLOWS).replace('PortRange: { From: 32768, To: 60999 }', 'PortRange: { From: 1024, To: 2048 }');
  const a = analyzeText(text);
  assert.equal(a.isTemplate, true);
  assert.equal(a.flows.length, 4);
  const byName = new Map(a.flows.map((f) => [f.flow.name, f]));
  assert.equal(byName.get('app-to-db')!.trace.verdict, 'blocked');
  assert.equal(byName.get('db-from-internet')!.asExpected, true);

  const nacl = a.findings.filter((f) => f.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(nacl.length, 1, 'the two flows blocked by DbNacl share one finding');
  const f = nacl[0];
  assert.equal(f.severity, 'error');
  assert.equal(f.resource, 'DbNacl');
  assert.deepEqual(f.flows, ['app-to-db', 'app2-to-db']);
  assert.match(f.message, /^Return traffic of flows app-to-db, app2-to-db is dropped: NACL DbNacl \(subnet DbSubnet\) outbound/);
  assert.match(f.message, /ephemeral ports 32768-60999/);
  assert.equal(text.slice(f.range.start, f.range.end), 'DbNacl', 'the finding sits on the NACL\'s logical-ID key');
  const decl = f.related.filter((r) => /is declared here/.test(r.message));
  assert.equal(decl.length, 2);
  assert.match(text.slice(decl[0].range.start, decl[0].range.end), /app-to-db/);
  assert.match(text.slice(decl[1].range.start, decl[1].range.end), /app2-to-db/);
  // Flows expected blocked and blocked make no finding about their blockers.
  assert.ok(!a.findings.some((x) => x.flows?.includes('db-from-internet')));
});

test('a flow expected blocked that is reachable → FLOW_UNEXPECTEDLY_REACHABLE on its declaration', () => {
  const text = withFlows(BASE, FLOWS);
  const a = analyzeText(text);
  const exposed = a.findings.filter((f) => f.code === 'FLOW_UNEXPECTEDLY_REACHABLE');
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0].severity, 'error');
  assert.deepEqual(exposed[0].flows, ['web-exposed']);
  assert.match(text.slice(exposed[0].range.start, exposed[0].range.end), /web-exposed/);
  assert.match(exposed[0].message, /declared blocked/);
  assert.ok(exposed[0].related.some((r) => r.message.includes('WebSg')), 'the rules that let it in are related');
  assert.equal(a.findings.filter((f) => f.severity === 'error').length, 1, 'app flows are reachable in the base network');
});

test('several blocking elements of one flow: one finding each, each listing the others as related', () => {
  const text = withFlows(BASE, `      - Name: db-open
        From: internet
        To: Db
        Port: 5432
`);
  const a = analyzeText(text);
  const flowFindings = a.findings.filter((f) => f.flows?.includes('db-open'));
  assert.ok(flowFindings.length >= 3, flowFindings.map((f) => f.code).join(' '));
  const keys = new Set(flowFindings.map((f) => `${f.resource}|${f.code}`));
  assert.equal(keys.size, flowFindings.length);
  const sg = flowFindings.find((f) => f.resource === 'DbSg')!;
  assert.match(sg.message, /^Traffic of flow db-open is dropped: /);
  assert.ok(sg.related.some((r) => /also dropped here/.test(r.message) && r.message.includes('DbNacl')));
});

test('an unknown verdict is a warning on the undecided value (an error when strict)', () => {
  const text = withFlows(BASE, `      - Name: app-to-db
        From: App
        To: Db
        Port: 5432
`)
    .replace('Resources:\n', 'Parameters:\n  AppCidr:\n    Type: String\nResources:\n')
    .replace('      CidrBlock: 10.0.1.0/24\n      PortRange: { From: 5432, To: 5432 }', '      CidrBlock: !Ref AppCidr\n      PortRange: { From: 5432, To: 5432 }');
  const a = analyzeText(text);
  const w = a.findings.filter((f) => f.code === 'ASSUMPTION_UNRESOLVED_VALUE' && f.flows?.includes('app-to-db'));
  assert.equal(w.length, 1);
  assert.equal(w[0].severity, 'warning');
  assert.match(text.slice(w[0].range.start, w[0].range.end), /AppCidr/);
  assert.match(w[0].message, /app-to-db/);
  const strict = analyzeText(text, { strict: true }).findings.find((f) => f.code === 'ASSUMPTION_UNRESOLVED_VALUE' && f.flows?.includes('app-to-db'));
  assert.equal(strict?.severity, 'error');
  const decided = analyzeText(text, { parameters: { AppCidr: '10.0.1.0/24' } });
  assert.equal(decided.flows[0].trace.verdict, 'reachable');
  assert.ok(!decided.findings.some((f) => f.flows?.includes('app-to-db')));
});

test('a flow naming an endpoint the template does not define → FLOW_UNKNOWN_ENDPOINT with the closest names', () => {
  const text = withFlows(BASE, `      - Name: typo
        From: Appp
        To: Db
        Port: 5432
`);
  const a = analyzeText(text);
  const f = a.findings.find((x) => x.code === 'FLOW_UNKNOWN_ENDPOINT');
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Appp/);
  assert.match(f.message, /did you mean App/);
  assert.equal(a.flows.length, 0);
});

test('walk settings reach the traces: the instance ephemeral range', () => {
  const text = withFlows(BASE, `      - Name: app-to-db
        From: App
        To: Db
        Port: 5432
`);
  const a = analyzeText(text, { walk: { instanceEphemeral: { from: 49152, to: 65535 } } });
  assert.equal(a.flows[0].trace.verdict, 'blocked');
  assert.equal(a.findings.find((f) => f.flows?.includes('app-to-db'))?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
});

test('non-templates are not analysed; a broken template is a finding, not a crash', () => {
  for (const other of ['version: "3"\nservices:\n  web:\n    image: nginx\n', '{"name": "pkg", "version": "1.0.0"}', '']) {
    const a = analyzeText(other);
    assert.equal(a.isTemplate, false, other);
    assert.deepEqual(a.findings, []);
    assert.deepEqual(a.flows, []);
  }
  const broken = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc: [\n";
  const b = analyzeText(broken);
  assert.equal(b.isTemplate, true);
  assert.ok(b.findings.length > 0);
  assert.ok(b.findings.every((f) => f.range.start >= 0 && f.range.end <= broken.length));
});

test('a flow from a resource the walk cannot use yet is an UNSUPPORTED_COMPONENT warning, not an unknown-endpoint error', () => {
  const text = withFlows(BASE, `      - Name: from-table
        From: PublicRouteTable
        To: Web
        Port: 443
`);
  const a = analyzeText(text);
  assert.ok(!a.findings.some((f) => f.code === 'FLOW_UNKNOWN_ENDPOINT'));
  const f = a.findings.find((x) => x.flows?.includes('from-table'));
  assert.equal(f?.code, 'UNSUPPORTED_COMPONENT');
  assert.equal(f?.severity, 'warning');
  assert.match(text.slice(f!.range.start, f!.range.end), /from-table/);
});
