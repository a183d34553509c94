// NACL and security-group evaluation on hand-built elements: the corner cases templates rarely show
// (unknown rule numbers, ICMP types, protocol "all" against per-protocol rules, prefix lists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, type Cidr } from '../../../server/src/net/ip';
import type { NaclEntry, NetworkAcl, NetworkModel, SecurityGroup, SgRule } from '../../../server/src/model/types';
import { evaluateNacl } from '../../../server/src/walk/nacl';
import { evaluateSecurityGroups } from '../../../server/src/walk/security-groups';
import type { Packet } from '../../../server/src/walk/packet';

const R = { start: 0, end: 0 };
const cidr = (t: string): Cidr => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr;
const origin = (resource: string) => ({ resource, range: R });

function entry(id: string, n: number | 'unknown', action: 'allow' | 'deny', protocol: number, c: string, extra: Partial<NaclEntry> = {}): NaclEntry {
  return {
    id,
    ruleNumber: n === 'unknown' ? { unknown: true, reason: `rule number of ${id} comes from parameter N`, range: { start: 5, end: 9 } } : n,
    egress: false,
    action,
    protocol,
    cidr: cidr(c),
    origin: origin(id),
    exists: 'yes',
    ...extra,
  };
}

function acl(...entries: NaclEntry[]): NetworkAcl {
  return { id: 'Acl', vpc: 'Vpc', entries, origin: origin('Acl'), exists: 'yes' };
}

const tcp5432: Packet = { src: { kind: 'cidr', cidr: cidr('10.0.1.10/32') }, dst: { kind: 'cidr', cidr: cidr('10.0.2.20/32') }, srcPorts: { from: 40000, to: 40000 }, dstPorts: { from: 5432, to: 5432 }, protocol: 6 };

test('NACL: an entry with an unknown rule number that would change the outcome → unknown with its reason', () => {
  const v = evaluateNacl(acl(entry('Deny', 'unknown', 'deny', -1, '0.0.0.0/0'), entry('Allow', 100, 'allow', -1, '0.0.0.0/0')), false, tcp5432);
  assert.equal(v.decision, 'unknown');
  assert.match(v.detail, /parameter N/);
  assert.deepEqual(v.range, { start: 5, end: 9 });
  // The same unknown entry agreeing with the outcome decides nothing: still a pass.
  const agree = evaluateNacl(acl(entry('Allow2', 'unknown', 'allow', -1, '0.0.0.0/0'), entry('Allow', 100, 'allow', -1, '0.0.0.0/0')), false, tcp5432);
  assert.equal(agree.decision, 'pass');
});

test('NACL: ICMP types — an echo-request rule admits ping, the reply needs echo-reply', () => {
  const ping: Packet = { ...tcp5432, protocol: 1, srcPorts: null, dstPorts: null, icmpType: 8 };
  const a = acl(entry('Echo', 100, 'allow', 1, '0.0.0.0/0', { icmp: { type: 8, code: -1 } }));
  assert.equal(evaluateNacl(a, false, ping).decision, 'pass');
  assert.equal(evaluateNacl(a, false, { ...ping, icmpType: 0 }).decision, 'drop');
  assert.equal(evaluateNacl(a, false, { ...ping, icmpType: undefined }).decision, 'drop', 'any ICMP type: one type is not enough');
});

test('NACL: protocol all against per-protocol rules — a tcp allow is not enough, a tcp deny drops', () => {
  const all: Packet = { ...tcp5432, protocol: -1, srcPorts: null, dstPorts: null };
  assert.equal(evaluateNacl(acl(entry('Tcp', 100, 'allow', 6, '0.0.0.0/0')), false, all).decision, 'drop');
  assert.equal(evaluateNacl(acl(entry('Any', 100, 'allow', -1, '0.0.0.0/0')), false, all).decision, 'pass');
  const denyTcp = evaluateNacl(acl(entry('NoTcp', 50, 'deny', 6, '0.0.0.0/0'), entry('Any', 100, 'allow', -1, '0.0.0.0/0')), false, all);
  assert.equal(denyTcp.decision, 'drop');
  assert.equal(denyTcp.denyEntry?.id, 'NoTcp');
});

function model(groups: SecurityGroup[]): NetworkModel {
  return { index: { securityGroup: new Map(groups.map((g) => [g.id, g])) } } as unknown as NetworkModel;
}
function rule(id: string, peer: SgRule['peer'], ports: SgRule['ports']): SgRule {
  return { id, direction: 'ingress', protocol: 6, ports, peer, origin: origin(id), exists: 'yes' };
}

test('SG: rules are a union; ranges must be covered entirely; prefix lists leave the outcome unknown', () => {
  const g: SecurityGroup = {
    id: 'Sg',
    vpc: 'Vpc',
    rules: [rule('A', { kind: 'cidr', cidr: cidr('10.0.0.0/16') }, { from: 5432, to: 5432 }), rule('B', { kind: 'cidr', cidr: cidr('10.0.1.0/24') }, { from: 5433, to: 5440 })],
    origin: origin('Sg'),
    exists: 'yes',
  };
  const range: Packet = { ...tcp5432, dstPorts: { from: 5432, to: 5440 } };
  assert.equal(evaluateSecurityGroups(model([g]), ['Sg'], 'ingress', range, null).decision, 'pass', 'two rules cover the range together');
  const wider = evaluateSecurityGroups(model([g]), ['Sg'], 'ingress', { ...tcp5432, dstPorts: { from: 5432, to: 5441 } }, null);
  assert.equal(wider.decision, 'drop');
  assert.match(wider.detail, /5441/);
  const pl: SecurityGroup = { ...g, rules: [rule('P', { kind: 'prefix-list', id: 'pl-123' }, { from: 5432, to: 5432 })] };
  const u = evaluateSecurityGroups(model([pl]), ['Sg'], 'ingress', tcp5432, null);
  assert.equal(u.decision, 'unknown');
  assert.match(u.detail, /prefix list/);
  const none: SecurityGroup = { ...g, rules: [] };
  assert.equal(evaluateSecurityGroups(model([none]), ['Sg'], 'ingress', tcp5432, null).code, 'SG_HAS_NO_RULES');
});
