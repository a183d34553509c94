import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c, fixtureText, model, slice } from './model-fixtures';
import { isUnknown } from '../../../server/src/model/types';

const m = model('nacls.yaml');
const text = fixtureText('nacls.yaml');
const acl = m.index.networkAcl.get('Acl')!;
const entry = (id: string) => acl.entries.find((e) => e.id === id)!;

test('a NetworkAclAssociation picks the subnet NACL', () => {
  assert.equal(m.index.subnet.get('Subnet')!.networkAcl, 'Acl');
  assert.equal(m.index.subnet.get('Subnet')!.networkAclAssociation?.resource, 'Assoc');
});

test('a custom NACL without entries has none (the walk then denies all)', () => {
  assert.deepEqual(m.index.networkAcl.get('Empty')!.entries, []);
  assert.equal(m.index.networkAcl.get('Empty')!.implicit, undefined);
});

test('entries are sorted by rule number, string numbers coerced, origin = the entry resource', () => {
  const known = acl.entries.filter((e) => !isUnknown(e.ruleNumber)).map((e) => `${e.egress ? 'out' : 'in'}:${e.ruleNumber}:${e.id}`);
  assert.deepEqual(known, ['in:100:DenyBad', 'out:100:Ephemeral', 'in:150:V6Ping', 'in:200:AllowHttps', 'in:200:Dup', 'in:300:BadProto', 'in:310:BadPorts']);
  const https = entry('AllowHttps');
  assert.deepEqual(https.ports, { from: 443, to: 443 });
  assert.equal(https.protocol, 6);
  assert.equal(https.action, 'allow');
  assert.equal(https.egress, false);
  assert.match(slice(text, https.origin.range), /^Type: AWS::EC2::NetworkAclEntry/);
  assert.equal(entry('Ephemeral').egress, true);
  assert.deepEqual(entry('Ephemeral').ports, { from: 1024, to: 65535 });
  assert.equal(entry('DenyBad').ports, undefined);
});

test('IPv6 and ICMP entries keep their CIDR family and type/code', () => {
  const e = entry('V6Ping');
  assert.equal(c(e.cidr), '2001:db8::/32');
  assert.equal(e.protocol, 58);
  assert.deepEqual(e.icmp, { type: 128, code: -1 });
});

test('same rule number and direction twice is a problem on the second entry', () => {
  const p = m.problems.find((x) => x.code === 'NACL_DUPLICATE_RULE_NUMBER')!;
  assert.ok(p);
  assert.match(p.message, /Dup and AllowHttps/);
  // Rule 100 is used once per direction: no problem for it.
  assert.equal(m.problems.filter((x) => x.code === 'NACL_DUPLICATE_RULE_NUMBER').length, 1);
});

test('out-of-range rule numbers, bad protocols and bad ports are problems and Unknown fields', () => {
  assert.ok(isUnknown(entry('OutOfRange').ruleNumber));
  assert.ok(m.problems.some((p) => p.code === 'NACL_BAD_RULE_NUMBER' && slice(text, p.range) === '40000'));
  assert.ok(isUnknown(entry('BadProto').protocol));
  assert.ok(m.problems.some((p) => p.code === 'NACL_BAD_PROTOCOL' && slice(text, p.range) === 'banana'));
  assert.ok(isUnknown(entry('BadPorts').ports));
  assert.ok(m.problems.some((p) => p.code === 'NACL_BAD_PORTS'));
  assert.ok(m.unknowns.some((u) => u.resource === 'BadPorts'));
  // Unknown rule numbers sort last.
  assert.equal(acl.entries[acl.entries.length - 1].id, 'OutOfRange');
});

test('an entry naming GetAtt Vpc.DefaultNetworkAcl extends the implicit default NACL', () => {
  const d = m.index.networkAcl.get('Vpc#default-acl')!;
  assert.deepEqual(d.entries.map((e) => `${e.egress ? 'out' : 'in'}:${e.ruleNumber}:${e.action}`), ['in:90:deny', 'in:100:allow', 'out:100:allow', 'in:101:allow', 'out:101:allow']);
});
