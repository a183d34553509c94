// Seed 004's traps, from templates: NACLs are stateless (the reply needs the client's ephemeral ports),
// rule order decides (first match wins), the port range is the destination port, SGs are stateful.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, trace, textAt } from './walk-fixtures';

const BASE = fixture('two-tier.yaml');
const APP_TO_DB = { from: 'App', to: 'Db', protocol: 'tcp' as const, port: 5432 };

test('reachable: NACL admits 5432 in and the Linux ephemeral ports 32768-60999 out; the SG reply is stateful', () => {
  const t = trace(BASE, APP_TO_DB);
  assert.equal(t.verdict, 'reachable');
  const out = hopAt(t, 'DbNacl', 'return');
  assert.equal(out.decision, 'pass');
  assert.deepEqual(out.in.dstPort, { from: 32768, to: 60999 });
  assert.ok(t.assumptions.some((a) => a.includes('32768-60999')), 'the ephemeral range and why are stated');
  // DbSg allows egress 443 only, yet the reply leaves: security groups are stateful.
  const sgBack = hopAt(t, 'DbSg', 'return');
  assert.equal(sgBack.decision, 'pass');
  assert.match(sgBack.reason, /stateful/);
});

test('blocked: the return NACL allows only part of the client ephemeral range → NACL_RETURN_EPHEMERAL_BLOCKED naming the ports', () => {
  const text = edit(BASE, ['PortRange: { From: 32768, To: 60999 }', 'PortRange: { From: 1024, To: 2048 }']);
  const t = trace(text, APP_TO_DB);
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.resource, 'DbNacl', 'no explicit deny matched: the NACL itself is named');
  assert.match(t.blockedAt!.message, /32768-60999/);
  assert.equal(textAt(text, t.blockedAt!.range!).startsWith('Type: AWS::EC2::NetworkAcl') || textAt(text, t.blockedAt!.range!).includes('AWS::EC2::NetworkAcl'), true);
  // Forward path passed: only the return is blamed.
  assert.ok(t.hops.filter((h) => h.direction === 'forward').every((h) => h.decision === 'pass'));
});

test('ephemeral assumption override: Windows-like 49152-65535 clients are not covered by 32768-60999', () => {
  const t = trace(BASE, APP_TO_DB, { instanceEphemeral: { from: 49152, to: 65535 } });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.match(t.blockedAt!.message, /61000-65535/, 'the uncovered ports are named');
  assert.ok(t.assumptions.some((a) => a.includes('49152-65535') && a.includes('instanceEphemeral')));
  const wide = edit(BASE, ['PortRange: { From: 32768, To: 60999 }', 'PortRange: { From: 1024, To: 65535 }']);
  assert.equal(trace(wide, APP_TO_DB, { instanceEphemeral: { from: 49152, to: 65535 } }).verdict, 'reachable');
});

test('a pinned source port decides the return NACL check', () => {
  assert.equal(trace(BASE, { ...APP_TO_DB, sourcePort: 40000 }).verdict, 'reachable');
  const t = trace(BASE, { ...APP_TO_DB, sourcePort: 1500 });
  assert.equal(t.verdict, 'blocked');
  assert.match(t.blockedAt!.message, /1500/);
});

const DENY_90 = `  DbIn90:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref DbNacl
      RuleNumber: 90
      Protocol: 6
      RuleAction: deny
      CidrBlock: 10.0.1.10/32
      PortRange: { From: 5432, To: 5432 }
  WebSg:`;

test('rule order: a deny numbered before the allow wins, and the entry is blamed', () => {
  const text = edit(BASE, ['  WebSg:', DENY_90]);
  const t = trace(text, APP_TO_DB);
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.resource, 'DbIn90', 'an explicit deny: the NACL entry is the most specific blocker');
  assert.equal(t.blockedAt?.code, 'SUBNET_ACL_RESTRICTION');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(textAt(text, t.blockedAt!.range!), /RuleNumber: 90/);
  assert.match(hopAt(t, 'DbNacl', 'forward').rule, /rule 90 deny tcp 5432 from 10\.0\.1\.10\/32/);
  // App2 (10.0.1.11) is not covered by the deny: the allow applies.
  assert.equal(trace(text, { ...APP_TO_DB, from: 'App2' }).verdict, 'reachable');
});

test('rule order: the same deny numbered after the allow never applies', () => {
  const text = edit(BASE, ['  WebSg:', DENY_90], ['RuleNumber: 90', 'RuleNumber: 110']);
  const t = trace(text, APP_TO_DB);
  assert.equal(t.verdict, 'reachable');
  assert.match(hopAt(t, 'DbNacl', 'forward').rule, /rule 100 allow/);
});

test('the NACL port range is the destination port: allowing the client source ports inbound does not admit 5432', () => {
  const text = edit(BASE, ['PortRange: { From: 5432, To: 5432 }', 'PortRange: { From: 32768, To: 60999 }']);
  const t = trace(text, APP_TO_DB);
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'SUBNET_ACL_RESTRICTION');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(t.blockedAt!.message, /5432/);
});

test('implicit deny: a custom NACL without inbound entries drops everything (and the default NACL does not)', () => {
  const noInbound = edit(BASE, ['      Protocol: 6\n      RuleAction: allow\n      CidrBlock: 10.0.1.0/24\n      PortRange: { From: 5432, To: 5432 }', '      Protocol: 6\n      RuleAction: allow\n      Egress: true\n      CidrBlock: 10.9.0.0/16\n      PortRange: { From: 5432, To: 5432 }']);
  const t = trace(noInbound, APP_TO_DB);
  assert.equal(t.verdict, 'blocked');
  assert.match(t.blockedAt!.message, /implicit \* rule/);
  // Without the association the subnet falls back to the VPC's default NACL (allow all).
  const defaultAcl = edit(noInbound, ['      SubnetId: !Ref DbSubnet\n      NetworkAclId: !Ref DbNacl', '      SubnetId: !Ref PublicSubnet\n      NetworkAclId: !Ref DbNacl']);
  const d = trace(defaultAcl, APP_TO_DB);
  assert.equal(d.verdict, 'reachable');
  const h = d.hops.find((x) => x.direction === 'forward' && x.element === 'defaultNetworkAcl' && x.reason.includes('DbSubnet'));
  assert.ok(h, 'the default NACL hop is named by the VPC with element defaultNetworkAcl');
  assert.equal(h.resource, 'Vpc');
  assert.ok(d.assumptions.some((a) => a.includes('DbSubnet') && a.includes('default network ACL')));
});
