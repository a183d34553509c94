// A finding goes on the line a person edits to fix it: never on a resource's multi-line body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';
import type { Finding } from '../../../server/src/analyze/types';

const fixtures = resolve(__dirname, '../../../../test/fixtures');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');
const textAt = (text: string, f: { range: { start: number; end: number } }) => text.slice(f.range.start, f.range.end);
const only = (findings: Finding[], code: string) => {
  const found = findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} finding`);
  return found[0];
};

test('a NACL whose implicit deny drops the reply: its logical-ID key, with the entry that almost matched as related', () => {
  const text = read('lsp/app-db.yaml');
  const f = only(analyzeText(text).findings, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(textAt(text, f), 'DbNacl');
  const almost = f.related.filter((r) => r.message.startsWith('almost matched'));
  assert.equal(almost.length, 1, 'only the outbound entry of the same protocol almost matched');
  assert.match(almost[0].message, /DbNaclOut \(rule 100\) allows tcp 5432 to 10\.0\.1\.0\/24, not the dropped tcp 32768-60999 to 10\.0\.1\.0\/24/);
  // The line to change in that entry: its PortRange.
  assert.equal(textAt(text, almost[0]), 'PortRange');
  assert.ok(text.lastIndexOf('DbNaclOut:', almost[0].range.start) > text.lastIndexOf('DbNaclIn:', almost[0].range.start));
});

test('a NACL entry that denies: its PortRange key', () => {
  const text = read('lsp/app-db.yaml')
    .replace('RuleNumber: 100\n      Protocol: 6\n      Egress: true\n      RuleAction: allow\n      CidrBlock: 10.0.1.0/24\n      PortRange:\n        From: 5432\n        To: 5432',
      'RuleNumber: 90\n      Protocol: 6\n      Egress: true\n      RuleAction: deny\n      CidrBlock: 10.0.1.0/24\n      PortRange: { From: 1024, To: 65535 }');
  const findings = analyzeText(text).findings.filter((f) => f.resource === 'DbNaclOut');
  assert.ok(findings.length > 0, 'the deny entry is blamed');
  for (const f of findings) assert.equal(textAt(text, f), 'PortRange');
});

test('a security group that admits nothing: its rule list for that direction, else its key, with its rules of that direction as related', () => {
  // WebSg's only egress rule is a standalone resource (tcp 443): the flow to the database leaves on 5432.
  const text = read('analyze/one-nacl-two-reasons.yaml');
  const f = only(analyzeText(text).findings, 'ENI_SG_RULES_MISMATCH');
  assert.equal(f.resource, 'WebSg');
  assert.equal(textAt(text, f), 'WebSg');
  const rule = f.related.find((r) => /egress rule of WebSg/.test(r.message));
  assert.ok(rule && textAt(text, rule) === 'WebSgEgress', 'the standalone egress rule is related');
  // Inline egress rules: the finding goes on their list.
  const inline = text
    .replace(/  WebSgEgress:\n.*\n.*\n/, '')
    .replace('        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n', '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n      SecurityGroupEgress:\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n');
  const g = only(analyzeText(inline).findings, 'ENI_SG_RULES_MISMATCH');
  assert.equal(textAt(inline, g), 'SecurityGroupEgress');
});

test('a route table without the route: its logical-ID key', () => {
  const text = read('places/no-route.yaml');
  const f = only(analyzeText(text).findings, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(textAt(text, f), 'AppRt');
});

test('an instance without a public address: its subnet\'s MapPublicIpOnLaunch, else its SubnetId, else AssociatePublicIpAddress', () => {
  const text = read('places/public-address.yaml');
  assert.equal(textAt(text, only(analyzeText(text).findings, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS')), 'MapPublicIpOnLaunch: false');
  const noMap = text.replace('      MapPublicIpOnLaunch: false\n', '');
  assert.equal(textAt(noMap, only(analyzeText(noMap).findings, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS')), 'SubnetId: !Ref PublicSubnet');
  const nic = noMap.replace('      ImageId: ami-12345678\n      SubnetId: !Ref PublicSubnet\n', '      ImageId: ami-12345678\n      NetworkInterfaces:\n        - DeviceIndex: "0"\n          SubnetId: !Ref PublicSubnet\n          AssociatePublicIpAddress: false\n');
  assert.equal(textAt(nic, only(analyzeText(nic).findings, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS')), 'AssociatePublicIpAddress: false');
});

test('no finding of any fixture spans more than one line', () => {
  let checked = 0;
  for (const dir of ['lsp', 'analyze', 'places', 'walk', 'cli', 'review']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(fixtures, dir)).filter((n) => /\.(ya?ml|json)$/.test(n));
    } catch {
      continue;
    }
    for (const name of names) {
      const text = read(join(dir, name));
      for (const f of analyzeText(text).findings) {
        checked++;
        assert.ok(!textAt(text, f).includes('\n'), `${dir}/${name}: ${f.code} spans lines: ${JSON.stringify(textAt(text, f).slice(0, 80))}`);
      }
    }
  }
  assert.ok(checked > 10, `findings checked: ${checked}`);
});
