// Each quick fix is proved: applied to the fixture text and analysed again, the flow it fixes is
// reachable and no other flow changes verdict; the edit keeps the template's style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { quickFixes } from '../../../server/src/usecases/quick-fixes';
import type { OffsetEdit } from '../../../server/src/analyze/flow-edit';

const fixtures = resolve(__dirname, '../../../../test/fixtures');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');

function apply(text: string, edits: OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

const verdicts = (text: string) => new Map(analyzeText(text).flows.map((r) => [r.flow.name, r.trace.verdict]));

/** Applies the one fix of `code`, and checks the proof: `flow` reachable, every other verdict unchanged. */
function prove(text: string, code: string, flow: string): string {
  const before = analyzeText(text);
  const fixes = quickFixes(before).filter((f) => f.code === code);
  assert.equal(fixes.length, 1, `one ${code} fix: ${fixes.map((f) => f.title).join('; ')}`);
  const after = apply(text, fixes[0].edits);
  const again = analyzeText(after);
  assert.deepEqual(again.parse.problems, [], 'the fixed text parses cleanly');
  const was = verdicts(text);
  const now = verdicts(after);
  assert.equal(was.get(flow), 'blocked');
  assert.equal(now.get(flow), 'reachable', `${flow} after the fix:\n${fixes[0].edits[0].newText}`);
  for (const [name, verdict] of was) if (name !== flow) assert.equal(now.get(name), verdict, `${name} keeps its verdict`);
  assert.ok(!again.findings.some((f) => f.code === code && f.flows?.includes(flow)), 'the finding is gone');
  return after;
}

test('NACL reply on ephemeral ports (YAML block style, short tags): an outbound entry for exactly the ports and CIDR', () => {
  const text = read('lsp/app-db.yaml');
  const [fix] = quickFixes(analyzeText(text));
  assert.equal(fix.title, 'Add outbound rule 110 to DbNacl: allow tcp 32768-60999 to 10.0.1.0/24');
  const after = prove(text, 'NACL_RETURN_EPHEMERAL_BLOCKED', 'app-to-db');
  assert.ok(after.includes(
    '  DbNaclOutboundEphemeral:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref DbNacl\n      RuleNumber: 110\n      Protocol: 6\n      Egress: true\n      RuleAction: allow\n      CidrBlock: 10.0.1.0/24\n      PortRange:\n        From: 32768\n        To: 60999\n',
  ), after);
});

test('NACL reply on ephemeral ports (JSON): a pretty-printed member in the file\'s indentation', () => {
  const text = read('lsp/app-db.json');
  const after = prove(text, 'NACL_RETURN_EPHEMERAL_BLOCKED', 'app-to-db');
  assert.doesNotThrow(() => JSON.parse(after));
  assert.match(after, /\n {4}"DbNaclOutboundEphemeral": \{\n {6}"Type": "AWS::EC2::NetworkAclEntry",/);
});

test('NACL with flow-style entries on both sides: each side gets its own entry in flow style', () => {
  const text = read('analyze/one-nacl-two-reasons.yaml');
  const fixes = quickFixes(analyzeText(text));
  assert.ok(fixes.length >= 2, fixes.map((f) => f.title).join('; '));
  for (const f of fixes) assert.match(f.edits[0].newText, /Properties: \{ NetworkAclId: !Ref WebNacl, RuleNumber: \d+, .*PortRange: \{ From: \d+, To: \d+ \} \}\n$/);
  // Each fix alone: the text parses and the finding it fixes is gone (the other side's stays).
  const count = (findings: ReturnType<typeof analyzeText>['findings'], f: (typeof fixes)[number]) =>
    findings.filter((x) => x.code === f.code && x.range.start === f.range.start).length;
  for (const f of fixes) {
    const again = analyzeText(apply(text, f.edits));
    assert.deepEqual(again.parse.problems, []);
    assert.equal(count(again.findings, f), count(analyzeText(text).findings, f) - 1, f.title);
  }
});

test('no fix is offered where none would work (a private instance in a VPC without a NAT gateway), nor for a text that does not parse', () => {
  assert.deepEqual(quickFixes(analyzeText(read('places/no-route.yaml'))), []);
  assert.deepEqual(quickFixes(analyzeText('Resources: [')), []);
});
