// Review: the internet edge (internet gateway, public addresses, NAT gateways). Mostly regression checks
// of behaviour judged right, plus the NAT loop message (it said "must be in a public subnet" only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';
import { analyzeText } from '../../../server/src/analyze/analyze';

const TEXT = review('edge.yaml');

test('public addressing: no public IP → IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS on the instance; an EIPAssociation makes it reachable both ways', () => {
  const t = traceText(TEXT, { from: 'NoIp', to: 'internet', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  assert.equal(t.blockedAt?.resource, 'NoIp');
  assert.match(t.blockedAt!.message, /subnet Pub does not map public IPs on launch/);
  const inbound = traceText(TEXT, { from: 'internet', to: 'NoIp', port: 443 });
  assert.equal(inbound.blockedAt?.code, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
  assert.equal(traceText(TEXT, { from: 'WithEip', to: 'internet', port: 443 }).verdict, 'reachable');
  const inEip = traceText(TEXT, { from: 'internet', to: 'WithEip', port: 443 });
  assert.equal(inEip.verdict, 'reachable', hopsText(inEip));
  assert.ok(inEip.hops.some((h) => h.resource === 'Igw' && /EIP Eip/.test(h.rule)), hopsText(inEip));
});

test('a route to an internet gateway attached to another VPC: EC2 rejects it (ROUTE_TARGET_OTHER_VPC), the walk does not follow it, and nothing says "no VPCGatewayAttachment"', () => {
  const a = analyzeText(TEXT);
  assert.ok(a.problems.some((p) => p.code === 'ROUTE_TARGET_OTHER_VPC' && /Igw2, which is attached to/.test(p.message)), a.problems.map((p) => p.code).join(', '));
  const out = traceText(TEXT, { from: 'WrongI', to: 'internet', port: 443 });
  assert.equal(out.verdict, 'unknown', hopsText(out));
  assert.ok(!out.hops.some((h) => /no AWS::EC2::VPCGatewayAttachment/.test(h.reason)), hopsText(out));
  // From the internet: in through the VPC's own gateway, but the reply would take the rejected route.
  const back = traceText(TEXT, { from: 'internet', to: 'WrongI', port: 443 });
  assert.equal(back.verdict, 'unknown', hopsText(back));
  assert.equal(back.hops.find((h) => h.decision === 'unknown')?.direction, 'return');
});

test('NAT: icmp passes; nothing enters from the internet; a NAT gateway in a private subnet → NAT_SUBNET_NOT_PUBLIC', () => {
  assert.equal(traceText(TEXT, { from: 'PrivI', to: '9.9.9.9', protocol: 'icmp', port: 8 }).verdict, 'reachable');
  const inbound = traceText(TEXT, { from: 'internet', to: 'PrivI', port: 443 });
  assert.equal(inbound.blockedAt?.code, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
  assert.ok(inbound.blockers.some((b) => b.code === 'ASYMMETRIC_RETURN_ROUTE' && b.resource === 'PrivRt'), hopsText(inbound));
  assert.equal(traceText(TEXT, { from: 'internet', to: 'Nat', port: 443 }).blockedAt?.code, 'NGW_NO_UNSOLICITED_INBOUND');
  const bad = traceText(TEXT, { from: 'PrivI', to: '1.1.1.1', port: 443 });
  assert.equal(bad.blockedAt?.code, 'NAT_SUBNET_NOT_PUBLIC');
  assert.match(bad.blockedAt!.message, /BadNat sits in subnet NatPriv, which has no route to an internet gateway/);
});

test('a NAT subnet route that sends the destination back to the NAT gateway is named as a loop', () => {
  for (const from of ['PubNatPeer', 'PrivI']) {
    const t = traceText(TEXT, { from, to: '8.8.8.8', port: 443 });
    assert.equal(t.verdict, 'blocked', hopsText(t));
    assert.equal(t.blockedAt?.code, 'NAT_SUBNET_NOT_PUBLIC');
    assert.equal(t.blockedAt?.resource, 'PubRt');
    assert.match(t.blockedAt!.message, /route 8\.8\.8\.8\/32 → Nat sends 8\.8\.8\.8 back to Nat itself \(a loop\)/);
  }
});

test('a tcp connection addressed to a NAT gateway itself, from inside the VPC, is dropped there', () => {
  const t = traceText(TEXT, { from: 'PrivI', to: 'Nat', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'NGW_NO_UNSOLICITED_INBOUND');
  assert.equal(t.blockedAt?.resource, 'Nat');
  assert.ok(!t.blockers.some((b) => b.code === 'SG_HAS_NO_RULES'), 'a NAT gateway has no security group to blame');
});
