// A packet for an address of another VPC of the template that a route sends to a NAT gateway: translated,
// then routed by the NAT gateway's own subnet. Towards the internet gateway it is dropped (a private
// destination); onwards through a peering it is walked to the other VPC (test/unit/walk/nat-onward-to-vpc.test.ts
// covers that path in full), and the reply then needs a route back to the NAT gateway's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('nat-to-other-vpc.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

test('the NAT gateway forwards the packet for another VPC to the internet gateway, which drops a private destination: blocked', () => {
  const t = trace(TEXT, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers[0].code, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', show(t));
  const nat = hopsOf(t, 'forward').find((h) => h.resource === 'Nat');
  assert.ok(nat?.out && nat.out.src !== nat.in.src, `the NAT gateway translates the source first: ${show(t)}`);
});

test('when the NAT gateway\'s subnet routes the other VPC to a peering, the packet crosses it translated, and the other VPC without a route back blocks the reply', () => {
  const peered = edit(TEXT, [
    '  NatEip:\n',
    '  Pcx:\n    Type: AWS::EC2::VPCPeeringConnection\n    Properties:\n      VpcId: !Ref VpcA\n      PeerVpcId: !Ref VpcB\n  PublicToB:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRoutes\n      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref Pcx\n  NatEip:\n',
  ]);
  const t = trace(peered, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  const pcx = hopsOf(t, 'forward').find((h) => h.resource === 'Pcx');
  assert.equal(pcx?.decision, 'pass', show(t));
  assert.match(pcx!.in.src, /^10\.0\.0\./, 'the peering carries the NAT gateway\'s address');
  // Two blockers: the server's default group admits nothing, and VpcB has no route back to the NAT gateway.
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH', show(t));
  const back = t.blockers.find((b) => b.direction === 'return');
  assert.equal(back?.code, 'NO_ROUTE_TO_DESTINATION', show(t));
  assert.match(back!.message, /NAT gateway Nat's address, so VpcB needs a route back to VpcA/);
});
