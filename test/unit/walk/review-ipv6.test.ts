// Review: IPv6 peers. An IPv4-only ENI must not send an IPv6 packet with its IPv4 Elastic IP as source
// (that was "reachable"); an ENI with an IPv6 address is walked with its IPv6 rules only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const TEXT = review('ipv6.yaml');

test('an IPv4-only instance and an IPv6 address on the internet: blocked both ways, on the instance, with an IPv6 code (ENI_NO_IPV6_ADDRESS, not a public-address code)', () => {
  const out = traceText(TEXT, { from: 'Web', to: '2600:1f18::5', port: 443 });
  assert.equal(out.verdict, 'blocked', hopsText(out));
  assert.equal(out.blockedAt?.resource, 'Web');
  assert.equal(out.blockedAt?.code, 'ENI_NO_IPV6_ADDRESS');
  assert.match(out.blockedAt!.message, /Web has no IPv6 address \(subnet Pub has no IPv6 CIDR block/);
  assert.ok(!out.hops.some((h) => /1:1 NAT/.test(h.rule)), 'no IPv4 NAT applied to an IPv6 packet');
  const into = traceText(TEXT, { from: '2600:1f18::5', to: 'Web', port: 443 });
  assert.equal(into.verdict, 'blocked', hopsText(into));
  assert.equal(into.blockedAt?.code, 'ENI_NO_IPV6_ADDRESS');
  assert.equal(into.blockedAt?.resource, 'Web');
  // IPv4 still works through the same gateway.
  assert.equal(traceText(TEXT, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'reachable');
  assert.equal(traceText(TEXT, { from: '8.8.8.8', to: 'Web', port: 443 }).verdict, 'reachable');
});

test('an instance with an IPv6 address (Ipv6AddressCount) in a subnet with an IPv6 block: its group admits 443 from ::/0, but a new group without egress rules has no ::/0 egress', () => {
  const into = traceText(TEXT, { from: '2600:1f18::5', to: 'DualWeb', port: 443 });
  assert.equal(into.verdict, 'reachable', hopsText(into));
  assert.ok(into.hops.some((h) => h.resource === 'Sg' && h.rule === 'Sg ingress tcp 443 from ::/0'), hopsText(into));
  assert.ok(into.hops.some((h) => h.resource === 'Igw' && h.rule === 'IPv6: no address translation'), hopsText(into));
  const out = traceText(TEXT, { from: 'DualWeb', to: '2600:1f18::5', port: 443 });
  assert.equal(out.verdict, 'blocked', hopsText(out));
  assert.equal(out.blockedAt?.resource, 'Sg');
  assert.equal(out.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
});
