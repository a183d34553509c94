// Review: routing inside and between VPCs. A local route never leaves its VPC; a route more specific
// than local goes to a middlebox or NAT gateway the walk does not follow yet (unknown, never a guess);
// a reply routed through a NAT gateway comes back from the wrong address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const TEXT = review('routing.yaml');

test('two VPCs with overlapping CIDRs: the local route keeps the packet in the source VPC → blocked, both ways named', () => {
  const t = traceText(TEXT, { from: 'AppI', to: 'FarI', port: 22 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'Vpc');
  assert.equal(t.blockedAt?.element, 'mainRouteTable');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(t.blockedAt!.message, /delivers 10\.0\.5\.10 locally inside VPC Vpc, but FarI is in VPC OtherVpc/);
  assert.ok(t.blockers.some((b) => b.direction === 'return' && b.resource === 'OtherVpc'), hopsText(t));
  // A probe in the other VPC's subnet is the same case.
  assert.equal(traceText(TEXT, { from: 'AppI', to: 'Far', port: 22 }).verdict, 'blocked');
});

test('a reply routed to an appliance ENI (more specific than local) is not a drop: unknown, UNSUPPORTED_COMPONENT; the forward path through it is walked', () => {
  const t = traceText(TEXT, { from: 'AppI', to: 'FwI', port: 22 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.code, 'UNSUPPORTED_COMPONENT');
  assert.equal(hop?.direction, 'return');
  assert.equal(hop?.resource, 'FwRt');
  // Forward through the appliance is walked: its ENI names no group, so the VPC's default group (which
  // admits only its own members) filters what it forwards.
  const fwd = traceText(TEXT, { from: 'FwI', to: 'AppI', port: 22 });
  assert.equal(fwd.verdict, 'blocked', hopsText(fwd));
  assert.equal(fwd.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.match(fwd.blockedAt!.message, /security group of Appliance/);
  assert.ok(fwd.hops.some((h) => h.resource === 'Appliance' && h.decision === 'pass' && h.out.src !== h.in.src), hopsText(fwd));
});

test('a route to a NAT gateway for an address of the VPC: unknown (not "not in the VPC"); the reply through it is ASYMMETRIC_RETURN_ROUTE', () => {
  const t = traceText(TEXT, { from: 'NattedI', to: 'AppI', port: 22 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.code, 'UNSUPPORTED_COMPONENT');
  assert.doesNotMatch(hop!.reason, /not in the VPC/);
  const back = traceText(TEXT, { from: 'AppI', to: 'NattedI', port: 22 });
  assert.equal(back.verdict, 'blocked', hopsText(back));
  assert.equal(back.blockedAt?.code, 'ASYMMETRIC_RETURN_ROUTE');
  assert.equal(back.blockedAt?.resource, 'NattedRt');
  assert.equal(back.blockedAt?.direction, 'return');
  assert.match(back.blockedAt!.message, /through NAT gateway Nat/);
});

const LPM = review('lpm.yaml');

test('longest prefix: 0.0.0.0/0 → IGW unless a more specific route exists; a route to a NAT gateway that is not created is a blackhole', () => {
  const def = traceText(LPM, { from: 'AppPub', to: '8.8.8.8', port: 443 });
  assert.equal(def.verdict, 'reachable', hopsText(def));
  assert.ok(def.hops.some((h) => h.resource === 'AppDef' && h.decision === 'pass'));
  const more = traceText(LPM, { from: 'AppPub', to: '8.8.8.8', port: 443 }, { parameters: { UseNat: 'yes' } });
  assert.ok(more.hops.some((h) => h.resource === 'AppMore' && h.decision === 'pass'), hopsText(more));
  const gone = traceText(LPM, { from: 'AppPub', to: '9.9.9.9', port: 443 });
  assert.equal(gone.blockedAt?.code, 'BAD_STATE_ROUTE');
  assert.equal(gone.blockedAt?.resource, 'AppGone');
  assert.match(gone.blockedAt!.message, /Nat, which the template does not create/);
});

test('a more specific route under an undecided Condition: unknown; decided false: the default route applies', () => {
  const t = traceText(LPM, { from: 'AppPub', to: '1.1.1.1', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.match(t.hops.find((h) => h.decision === 'unknown')!.reason, /route AppMaybe exists only under a condition/);
  assert.equal(traceText(LPM, { from: 'AppPub', to: '1.1.1.1', port: 443 }, { parameters: { Maybe: 'no' } }).verdict, 'reachable');
});

test('a subnet CIDR from a parameter without value: unknown, never guessed; given: decided', () => {
  assert.equal(traceText(LPM, { from: 'AppI', to: 'DbI', port: 22 }).verdict, 'unknown');
  assert.equal(traceText(LPM, { from: 'AppI', to: 'DbI', port: 22 }, { parameters: { DbCidr: '10.0.2.0/24' } }).verdict, 'reachable');
  // Outside the VPC's CIDR EC2 refuses the subnet (SUBNET_CIDR_OUTSIDE_VPC): nothing runs there, so the
  // flow is unknown, never a verdict about a subnet that cannot exist.
  assert.equal(traceText(LPM, { from: 'AppI', to: 'DbI', port: 22 }, { parameters: { DbCidr: '10.1.2.0/24' } }).verdict, 'unknown');
});
