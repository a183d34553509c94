// A chain of middleboxes: the firewall endpoint's subnet routes on to a NAT gateway (firewall, then NAT),
// or a NAT gateway's subnet routes on to a firewall endpoint (NAT, then firewall). Each element is walked
// where the packet meets it, with its own translation (the NAT gateway's SNAT) and the inspection assumed;
// the reply must come back through the same firewall endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('firewall-then-nat.yaml');
const PICK = "VpcEndpointId: !Select [1, !Split [':', !Select [0, !GetAtt EgressFirewall.EndpointIds]]]";

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} ⇒ ${h.out.src}→${h.out.dst} | ${h.reason}`).join('\n');
}

function order(t: TraceResult, direction: 'forward' | 'return', ...resources: string[]): void {
  const list = hopsOf(t, direction).map((h) => h.resource);
  const at = resources.map((r) => list.indexOf(r));
  assert.ok(at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > at[k - 1]), `${direction}: expected ${resources.join(' → ')} in ${list.join(' → ')}`);
}

test('firewall, then NAT gateway, then internet gateway: reachable; the NAT gateway translates after the firewall, and the reply comes back through the NAT gateway and the same firewall endpoint', () => {
  const t = trace(TEXT, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  order(t, 'forward', 'AppDefault', 'EgressFirewall', 'FirewallDefault', 'Nat', 'PublicDefault', 'Igw');
  // The firewall sees the app's own address; the NAT gateway rewrites it; the IGW maps the NAT to its EIP.
  assert.equal(hopAt(t, 'EgressFirewall', 'forward').in.src, '10.1.1.10');
  assert.deepEqual([hopAt(t, 'Nat', 'forward').in.src, hopAt(t, 'Nat', 'forward').out.src], ['10.1.1.10', '10.1.0.0/24']);
  assert.equal(hopAt(t, 'Igw', 'forward').out.src, 'EIP NatEip');
  order(t, 'return', 'Igw', 'Nat', 'PublicToApp', 'EgressFirewall', 'FirewallRt');
  assert.equal(hopAt(t, 'EgressFirewall', 'return').in.dst, '10.1.1.10');
  assert.ok(t.assumptions.some((a) => /firewall EgressFirewall's rules \(firewall policy EgressPolicy\)/.test(a)), t.assumptions.join('\n'));
});

test('firewall then NAT without the public subnet\'s return route to the firewall: the reply goes straight from the NAT gateway to the app, blocked as asymmetric at the public route table', () => {
  const text = edit(TEXT, [`  PublicToApp:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRt\n      DestinationCidrBlock: 10.1.1.0/24\n      ${PICK}\n`, '']);
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(t.blockedAt?.resource, 'PublicRt');
  assert.equal(t.blockedAt?.direction, 'return');
});

/** NAT gateway first, then the firewall: the public subnet routes the internet to the firewall endpoint. */
const NAT_FIRST = edit(
  TEXT,
  ['      NatGatewayId: !Ref Nat\n  FirewallAssoc:', '      GatewayId: !Ref Igw\n  FirewallAssoc:'],
  [`      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK}\n  AppAssoc:`, '      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref Nat\n  AppAssoc:'],
  ['      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n  PublicToApp:', `      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK}\n  PublicToApp:`],
  [`  PublicToApp:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRt\n      DestinationCidrBlock: 10.1.1.0/24\n      ${PICK}\n`, ''],
  ['  AppSg:\n', `  IngressRt:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n  IngressToPublic:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref IngressRt\n      DestinationCidrBlock: 10.1.0.0/24\n      ${PICK}\n  IngressAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref Igw\n      RouteTableId: !Ref IngressRt\n  AppSg:\n`],
);

test('NAT gateway, then firewall, then internet gateway: the firewall sees the NAT gateway\'s address; the reply enters by ingress routing through the firewall to the NAT gateway', () => {
  const t = trace(NAT_FIRST, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  order(t, 'forward', 'AppDefault', 'Nat', 'PublicDefault', 'EgressFirewall', 'FirewallDefault', 'Igw');
  assert.equal(hopAt(t, 'EgressFirewall', 'forward').in.src, '10.1.0.0/24');
  assert.equal(hopAt(t, 'Igw', 'forward').out.src, 'EIP NatEip');
  order(t, 'return', 'Igw', 'IngressToPublic', 'EgressFirewall', 'FirewallRt', 'Nat');
});

test('NAT then firewall without ingress routing: the reply reaches the NAT gateway around the firewall, blocked as asymmetric', () => {
  const text = edit(NAT_FIRST, ['  IngressAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref Igw\n      RouteTableId: !Ref IngressRt\n', '']);
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(t.blockedAt?.resource, 'EgressFirewall');
  assert.match(t.blockedAt!.message, /internet gateway Igw has no edge-associated route table/);
});
