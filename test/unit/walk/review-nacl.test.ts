// Review: network ACL evaluation. First match wins, rule numbers may be strings, Egress may be the string
// "true", entries on the default NACL (GetAtt Vpc.DefaultNetworkAcl) come before its rule 100, a custom NACL
// without entries denies all, same-subnet traffic skips NACLs, and a deny that may apply to part of a
// flow of all protocols leaves it unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

test('a tcp deny with an undecided CIDR before an allow of all protocols: a flow of all protocols is unknown, not reachable', () => {
  const text = review('nacl-maybe-deny.yaml');
  const t = traceText(text, { from: 'A', to: 'B', protocol: 'all' });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.resource, 'Nacl');
  assert.match(hop!.reason, /parameter Blocked/);
  assert.equal(traceText(text, { from: 'A', to: 'B', protocol: 'all' }, { parameters: { Blocked: '10.0.1.0/24' } }).verdict, 'blocked');
  assert.equal(traceText(text, { from: 'A', to: 'B', protocol: 'all' }, { parameters: { Blocked: '192.168.0.0/16' } }).verdict, 'reachable');
  // udp is not concerned by the tcp deny at all.
  assert.equal(traceText(text, { from: 'A', to: 'B', protocol: 'udp', port: 53 }).verdict, 'reachable');
});

const NACL = review('nacl.yaml');

test('first match wins: rule "90" denies 8081 before rule "100" allows all; a range is all-or-nothing and names the denied port', () => {
  assert.equal(traceText(NACL, { from: 'A', to: 'B', port: 8080 }).verdict, 'reachable');
  const t = traceText(NACL, { from: 'A', to: 'B', port: { from: 8080, to: 8082 } });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.resource, 'BInDeny');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(t.blockedAt!.message, /NACL BNacl \(subnet BSubnet\) inbound drops the packet: rule 90 deny tcp 8081 from 10\.0\.1\.0\/24 denies tcp 8081 from 10\.0\.1\.10/);
});

test('Egress "true" (a string) is outbound; ICMP echo is answered by echo-reply (type 0), other types are not', () => {
  assert.equal(traceText(NACL, { from: 'A', to: 'B', protocol: 'icmp', port: 8 }).verdict, 'reachable');
  const t = traceText(NACL, { from: 'A', to: 'B', protocol: 'icmp', port: 13 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.resource, 'BNacl');
});

test('the reply must fit the initiator ephemeral range: an instance (32768-60999) passes, a Lambda (1024-65535) does not', () => {
  assert.equal(traceText(NACL, { from: 'A', to: 'B', port: 8080 }).verdict, 'reachable');
  const t = traceText(NACL, { from: 'Fn', to: 'B', port: 8080 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.match(t.blockedAt!.message, /replies go to the client's ephemeral ports 1024-65535/);
  assert.match(t.blockedAt!.message, /tcp 1024-32767, 61000-65535 to 10\.0\.1\.0\/24/);
  assert.ok(t.assumptions.some((a) => /failing: Fn in ASubnet → B in BSubnet/.test(a)), t.assumptions.join('\n'));
});

test('an entry added to the default NACL with GetAtt Vpc.DefaultNetworkAcl is evaluated before its rule 100', () => {
  const t = traceText(NACL, { from: 'B', to: 'A', protocol: 'udp', port: 53 });
  assert.equal(t.verdict, 'blocked');
  const d = t.blockers.find((b) => b.resource === 'DefIn');
  assert.ok(d, hopsText(t));
  assert.match(d!.message, /the default network ACL of Vpc \(subnet ASubnet\) inbound drops the packet: rule 50 deny udp 53/);
});

test('a custom NACL without entries denies both ways; traffic inside a subnet is not checked by NACLs', () => {
  const t = traceText(NACL, { from: 'A', to: 'C', port: 22 });
  assert.equal(t.blockedAt?.resource, 'CNacl');
  assert.equal(t.blockedAt?.code, 'SUBNET_ACL_RESTRICTION');
  assert.ok(t.blockers.some((b) => b.resource === 'CNacl' && b.direction === 'return' && b.code === 'NACL_RETURN_EPHEMERAL_BLOCKED'));
  const same = traceText(NACL, { from: 'A', to: 'A2', port: 22 });
  assert.equal(same.verdict, 'reachable');
  assert.ok(!same.hops.some((h) => h.type === 'AWS::EC2::NetworkAcl' || h.element === 'defaultNetworkAcl'), hopsText(same));
});

test('ICMP messages name the type: a flow of every type is dropped on the reply side "icmp (every type)"; echo is "icmp type 8"', () => {
  const all = traceText(NACL, { from: 'A', to: 'B', protocol: 'icmp' });
  assert.equal(all.verdict, 'blocked');
  assert.match(all.blockedAt!.message, /no outbound rule allows icmp \(every type\) to 10\.0\.1\.10/);
  const t = traceText(NACL, { from: 'A', to: 'C', protocol: 'icmp', port: 8 });
  assert.match(t.blockedAt!.message, /no inbound rule allows icmp type 8 from 10\.0\.1\.10/);
});

test('the default-NACL assumption names the entries the template adds to it', () => {
  const t = traceText(NACL, { from: 'B', to: 'A', protocol: 'udp', port: 53 });
  assert.ok(t.assumptions.some((a) => /subnet ASubnet has no NACL association.*after the entries the template adds to it: DefIn/.test(a)), t.assumptions.join('\n'));
});

test('an ICMP timestamp request (13) is answered by a timestamp reply (14), which the echo-reply rule does not admit', () => {
  const t = traceText(NACL, { from: 'A', to: 'B', protocol: 'icmp', port: 13 });
  const back = t.hops.find((h) => h.direction === 'return' && h.resource === 'BNacl');
  assert.equal(back?.in.protocol, 'icmp type 14', hopsText(t));
  assert.equal(back?.decision, 'drop');
});

test('one NACL on both subnets: its four drops (both sides, both subnets) are all blocking points, not two', () => {
  const shared = NACL.replace('  CAssoc:', '  AAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n    Properties: { SubnetId: !Ref ASubnet, NetworkAclId: !Ref CNacl }\n  CAssoc:');
  assert.notEqual(shared, NACL);
  const t = traceText(shared, { from: 'A', to: 'C', port: 22 });
  const texts = t.blockers.map((b) => `${b.direction} ${/\(subnet [^)]*\) \w+/.exec(b.message)?.[0]}`).sort();
  assert.deepEqual(texts, ['forward (subnet ASubnet) outbound', 'forward (subnet CSubnet) inbound', 'return (subnet ASubnet) inbound', 'return (subnet CSubnet) outbound']);
});
