import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c, fixtureText, model, slice } from './model-fixtures';
import { isUnknown, type SgRule } from '../../../server/src/model/types';

const m = model('security-groups.yaml');
const text = fixtureText('security-groups.yaml');
const sg = (id: string) => m.index.securityGroup.get(id)!;
const rules = (id: string, dir: SgRule['direction']) => sg(id).rules.filter((r) => r.direction === dir);

test('inline ingress rules: cidr v4/v6, SG, prefix list, SG name (Unknown), protocols and ports', () => {
  const r = rules('NoEgress', 'ingress');
  assert.equal(r.length, 5);
  assert.deepEqual([r[0].protocol, r[0].ports, c(r[0].peer.kind === 'cidr' ? r[0].peer.cidr : undefined)], [6, { from: 443, to: 443 }, '0.0.0.0/0']);
  assert.equal(r[0].description, 'https from anywhere');
  assert.equal(r[0].id, 'NoEgress#ingress:0');
  assert.match(slice(text, r[0].origin.range), /^IpProtocol: tcp/);
  assert.deepEqual([r[1].protocol, r[1].ports, r[1].peer], [-1, 'all', { kind: 'security-group', group: 'Peer' }]);
  assert.deepEqual([r[2].protocol, r[2].ports, r[2].icmp], [1, 'all', { type: 8, code: -1 }]);
  assert.equal(c(r[2].peer.kind === 'cidr' ? r[2].peer.cidr : undefined), '::/0');
  assert.deepEqual(r[3].peer, { kind: 'prefix-list', id: 'pl-0abc' });
  assert.ok(r[4].peer.kind === 'security-group' && isUnknown(r[4].peer.group));
  assert.ok(m.unknowns.some((u) => u.resource === 'NoEgress' && /SourceSecurityGroupName/.test(u.property)));
});

test('no egress declared: the implicit allow-all egress stays, IPv4 only (a new group has no ::/0 egress), with the assumption sentence', () => {
  const eg = rules('NoEgress', 'egress');
  assert.equal(eg.length, 1);
  assert.ok(eg.every((r) => r.implicitDefaultEgress && r.protocol === -1 && r.origin.element === 'defaultEgress' && r.origin.resource === 'NoEgress'));
  assert.deepEqual(eg.map((r) => c(r.peer.kind === 'cidr' ? r.peer.cidr : undefined)), ['0.0.0.0/0']);
  assert.equal(sg('NoEgress').egressAssumption, "SecurityGroup NoEgress declares no egress rule, so CloudFormation keeps EC2's default allow-all egress (IPv4 only: 0.0.0.0/0)");
});

test('inline egress removes the default egress', () => {
  const eg = rules('InlineEgress', 'egress');
  assert.equal(eg.length, 1);
  assert.deepEqual(eg[0].peer, { kind: 'security-group', group: 'NoEgress' });
  assert.match(sg('InlineEgress').egressAssumption!, /declares egress rules, so CloudFormation removes/);
});

test('a standalone SecurityGroupEgress removes the default egress and is named in the assumption', () => {
  const eg = rules('StandaloneEgressed', 'egress');
  assert.deepEqual(eg.map((r) => r.id), ['StandaloneEgress']);
  assert.deepEqual(eg[0].ports, { from: 53, to: 53 });
  assert.match(sg('StandaloneEgressed').egressAssumption!, /^SecurityGroupEgress StandaloneEgress adds an egress rule to SecurityGroup StandaloneEgressed.*aws-cdk#987/);
  const ing = rules('StandaloneEgressed', 'ingress');
  assert.deepEqual(ing.map((r) => r.id), ['StandaloneIngress']);
  assert.deepEqual(ing[0].peer, { kind: 'security-group', group: 'Vpc#default-sg' });
});

test("CDK's placeholder egress rule matches nothing and removes the default egress", () => {
  const eg = rules('Placeholder', 'egress');
  assert.equal(eg.length, 1);
  assert.equal(eg[0].placeholder, true);
  assert.match(sg('Placeholder').egressAssumption!, /only CDK's placeholder egress rule/);
});

test('a group without VpcId has an Unknown VPC with a reason', () => {
  const v = sg('NoVpc').vpc;
  assert.ok(isUnknown(v) && /default VPC/.test(v.reason));
});
