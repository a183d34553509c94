// Review: security groups. Union across groups, references, default egress and how it goes away, -1
// protocols and ports, the VPC default SG, and endpoints with no group at all (NLB, NAT gateway), which
// were wrongly dropped with SG_HAS_NO_RULES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const SG = review('sg.yaml');

test('an endpoint with no security group at all (an NLB without groups) is not filtered by security groups', () => {
  const t = traceText(SG, { from: 'Client', to: 'Nlb', port: 443 });
  assert.equal(t.verdict, 'reachable', hopsText(t));
  assert.ok(!t.hops.some((h) => h.resource === 'Nlb' && h.decision === 'drop'), hopsText(t));
  assert.ok(t.assumptions.some((a) => /Nlb has no security group/.test(a)), t.assumptions.join('\n'));
});

test('union of groups: SgA (80 by CIDR) + SgB (81-90 from SgClient) admit Client on 80-90; Other (not in SgClient) only on 80', () => {
  assert.equal(traceText(SG, { from: 'Client', to: 'Srv', port: { from: 80, to: 90 } }).verdict, 'reachable');
  assert.equal(traceText(SG, { from: 'Other', to: 'Srv', port: 80 }).verdict, 'reachable');
  const t = traceText(SG, { from: 'Other', to: 'Srv', port: { from: 80, to: 90 } });
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.match(t.blockedAt!.message, /no ingress rule of SgA, SgB admits tcp 81-90 from 10\.0\.1\.11/);
  // A probe host has no group, so a reference never matches it.
  assert.equal(traceText(SG, { from: 'Sub', to: 'Srv', port: 85 }).verdict, 'blocked');
});

test('egress: inline egress, a standalone SecurityGroupEgress and the CDK placeholder each remove the default allow-all, and say so', () => {
  const tight = traceText(SG, { from: 'Tight', to: 'Srv', port: 80 });
  assert.equal(tight.blockedAt?.resource, 'SgEgressTight');
  assert.match(tight.blockedAt!.message, /no egress rule of SgEgressTight admits tcp 80/);
  const sa = traceText(SG, { from: 'Standalone', to: 'Srv', port: 80 });
  assert.equal(sa.blockedAt?.resource, 'SgStandalone');
  assert.ok(sa.assumptions.some((a) => /SecurityGroupEgress SgStandaloneEg .*removes EC2's default allow-all egress/.test(a)), sa.assumptions.join('\n'));
  const cdk = traceText(SG, { from: 'Cdk', to: 'Srv', port: 80 });
  assert.equal(cdk.blockedAt?.resource, 'SgCdk');
  assert.ok(cdk.assumptions.some((a) => /placeholder/.test(a)), cdk.assumptions.join('\n'));
});

test('IpProtocol -1 admits everything; tcp FromPort -1 means every tcp port but not udp; icmp -1 every type', () => {
  assert.equal(traceText(SG, { from: 'Other', to: 'M1', port: 1234 }).verdict, 'reachable');
  assert.equal(traceText(SG, { from: 'Other', to: 'M1', protocol: 'icmp', port: 8 }).verdict, 'reachable');
  assert.equal(traceText(SG, { from: 'Other', to: 'M1', protocol: 'udp', port: 53 }).blockedAt?.resource, 'SgTcpMinus1');
});

test('no SecurityGroupIds: the VPC default SG admits only members of itself', () => {
  assert.equal(traceText(SG, { from: 'NoSg', to: 'NoSg2', port: 22 }).verdict, 'reachable');
  const t = traceText(SG, { from: 'Client', to: 'NoSg2', port: 22 });
  assert.equal(t.blockedAt?.resource, 'Vpc');
  assert.equal(t.blockedAt?.element, 'defaultSecurityGroup');
  assert.ok(t.assumptions.some((a) => /NoSg2 names no security group/.test(a)));
});

test('an interface endpoint answers connections but never starts one (VPCE_INTRA_VPC_TRAFFIC); to it, its SG decides', () => {
  assert.equal(traceText(SG, { from: 'Other', to: 'Vpce', port: 443 }).verdict, 'reachable');
  const t = traceText(SG, { from: 'Vpce', to: 'Other', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'VPCE_INTRA_VPC_TRAFFIC');
  assert.equal(t.blockedAt?.resource, 'Vpce');
});
