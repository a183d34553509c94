// Routes and security-group rules that name prefix lists. A prefix-list route is never skipped: each
// entry of a list the template declares is a prefix of its own for longest-prefix match, a CIDR route
// beats a prefix-list route of the same length (VPC User Guide, VPC_Route_Tables.md "Route priority"),
// and a list whose entries the template cannot know makes the lookup unknown wherever it may hold the
// destination. A gateway endpoint's route to its service's list is such a list: unknown, never "no route".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, firstNonPass, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('prefix-lists.yaml');

test('an AWS::EC2::PrefixList is in the model with its entries; GetAtt PrefixListId and Ref link routes and rules to it', () => {
  const m = analyze(TEXT).model!;
  const corp = m.index.prefixList?.get('Corp');
  assert.ok(corp);
  assert.equal(corp.family, 4);
  assert.ok(Array.isArray(corp.entries) && corp.entries.length === 2);
  const route = m.index.routeTable.get('PrivateRt')!.routes.find((r) => r.id === 'PrivateCorp')!;
  assert.ok('prefixList' in route.destination && route.destination.prefixList === 'Corp' && Array.isArray(route.destination.entries));
  const rule = m.index.securityGroup.get('WebSg')!.rules.find((r) => r.direction === 'ingress' && r.peer.kind === 'prefix-list' && r.peer.id === 'Corp');
  assert.ok(rule && rule.peer.kind === 'prefix-list' && Array.isArray(rule.peer.entries));
});

test('a prefix-list route to the internet gateway is not skipped: a host without a public address is blocked there, not sent through the NAT gateway', () => {
  const t = trace(TEXT, { from: 'App', to: '203.0.113.10', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  const route = t.hops.find((h) => h.resource === 'PrivateCorp');
  assert.ok(route && route.decision === 'pass', hopsText(t));
  assert.match(route.reason, /prefix list Corp → Igw \(its entry 203\.0\.113\.0\/24\)/);
  assert.ok(!t.hops.some((h) => h.resource === 'Nat'), hopsText(t));
  // The other way: an address outside the list takes 0.0.0.0/0 to the NAT gateway and gets through.
  const out = trace(TEXT, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(out.verdict, 'reachable', hopsText(out));
  assert.ok(out.hops.some((h) => h.resource === 'Nat' && h.decision === 'pass'));
});

test('route priority: a CIDR route beats a prefix-list entry of the same length; a longer entry beats a shorter CIDR route', () => {
  const same = trace(TEXT, { from: 'App', to: '198.51.100.5', port: 443 });
  assert.equal(same.verdict, 'reachable', hopsText(same));
  assert.ok(same.hops.some((h) => h.resource === 'PrivateStaticSame' && h.decision === 'pass'), hopsText(same));
  const longer = trace(TEXT, { from: 'App', to: '203.0.113.200', port: 443 });
  assert.equal(longer.verdict, 'blocked', hopsText(longer));
  assert.ok(longer.hops.some((h) => h.resource === 'PrivateCorp'));
  const wider = trace(TEXT, { from: 'App', to: '203.0.5.5', port: 443 });
  assert.equal(wider.verdict, 'reachable', hopsText(wider));
  assert.ok(wider.hops.some((h) => h.resource === 'PrivateStaticWider' && h.decision === 'pass'));
  // Without the same-length CIDR route the entry decides: the internet gateway, blocked.
  const noStatic = trace(edit(TEXT, ['DestinationCidrBlock: 198.51.100.0/25', 'DestinationCidrBlock: 198.51.0.0/16']), { from: 'App', to: '198.51.100.5', port: 443 });
  assert.equal(noStatic.verdict, 'blocked', hopsText(noStatic));
});

test('a prefix list named by id has unknown contents: a public destination it may hold is unknown, a VPC address or a host route decides', () => {
  const t = trace(TEXT, { from: 'Opaque', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const hop = firstNonPass(t)!;
  assert.equal(hop.resource, 'OpaqueRt');
  assert.match(hop.reason, /pl-0123456789abcdef0/);
  assert.equal(trace(TEXT, { from: 'Opaque', to: 'App', port: 443 }).verdict, 'reachable');
  const host = trace(TEXT, { from: 'Opaque', to: '192.0.2.7', port: 443 });
  assert.equal(host.verdict, 'reachable', hopsText(host));
  assert.ok(host.hops.some((h) => h.resource === 'OpaqueHost' && h.decision === 'pass'));
  // Generic "internet" is read as an address outside the list, and the trace says so.
  const net = trace(TEXT, { from: 'Opaque', to: 'internet', port: 443 });
  assert.equal(net.verdict, 'reachable', hopsText(net));
});

test('a gateway endpoint route: a public address it may take is unknown, never blocked for "no route"; a subnet without it has no route', () => {
  const t = trace(TEXT, { from: 'S3Only', to: '52.216.0.1', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.match(firstNonPass(t)!.reason, /s3 prefix list/);
  assert.ok(!t.blockers.some((b) => b.code === 'NO_ROUTE_TO_DESTINATION'));
  // Without the endpoint in its route table, the same flow has no route at all.
  const without = trace(edit(TEXT, ['RouteTableIds: [!Ref S3OnlyRt, !Ref OpaqueRt]', 'RouteTableIds: [!Ref OpaqueRt]']), { from: 'S3Only', to: '52.216.0.1', port: 443 });
  assert.equal(without.verdict, 'blocked', hopsText(without));
  assert.equal(without.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  // A private destination cannot be in an AWS-managed list: local routing decides.
  assert.equal(trace(TEXT, { from: 'S3Only', to: 'App', port: 443 }).verdict, 'reachable');
});

test('security-group rules with a prefix-list peer match through its entries; an unknown list gives unknown', () => {
  const inCorp = trace(TEXT, { from: '203.0.113.10', to: 'Web', port: 443 });
  assert.equal(inCorp.verdict, 'reachable', hopsText(inCorp));
  const outside = trace(TEXT, { from: '8.8.8.8', to: 'Web', port: 443 });
  assert.equal(outside.verdict, 'blocked', hopsText(outside));
  assert.equal(outside.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  const opaque = trace(TEXT, { from: '8.8.8.8', to: 'Web', port: 8443 });
  assert.equal(opaque.verdict, 'unknown', hopsText(opaque));
  assert.match(firstNonPass(opaque)!.reason, /pl-0fedcba9876543210/);
  assert.equal(trace(TEXT, { from: 'Web', to: '203.0.113.9', port: 443 }).verdict, 'reachable');
  const egressOut = trace(TEXT, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(egressOut.verdict, 'blocked', hopsText(egressOut));
});

test('a prefix-list entry whose block is unknown leaves the route and the rule open, never decided by guess', () => {
  const text = edit(TEXT, ['        - Cidr: 203.0.113.0/24', '        - Cidr: !Ref CorpBlock']).replace('Resources:', 'Parameters:\n  CorpBlock:\n    Type: String\nResources:');
  const t = trace(text, { from: 'App', to: '203.0.113.10', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const sg = trace(text, { from: '203.0.113.10', to: 'Web', port: 443 });
  assert.equal(sg.verdict, 'unknown', hopsText(sg));
});
