// A NAT gateway's traffic onward to another VPC of the template: the worker's route sends the packet to the
// NAT gateway, which translates the source to its private address and a port in 1024-65535; the NAT
// gateway's subnet sends it through a peering or a transit gateway; the reply comes back to the NAT
// gateway's address, is un-translated there and delivered to the worker. Each test reads the headers at
// the hops, forward and return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('nat-onward-to-vpc.yaml');

/** The same network with the transit gateway instead of the peering, both ways. */
const VIA_TGW = edit(
  TEXT,
  ['      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref Pcx\n', '      DestinationCidrBlock: 10.1.0.0/16\n      TransitGatewayId: !Ref Tgw\n'],
  ['      DestinationCidrBlock: 10.0.0.0/16\n      VpcPeeringConnectionId: !Ref Pcx\n', '      DestinationCidrBlock: 10.0.0.0/16\n      TransitGatewayId: !Ref Tgw\n'],
);

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}:${JSON.stringify(h.in.srcPort)}→${h.in.dst}:${JSON.stringify(h.in.dstPort)} | ${h.reason}`).join('\n');
}

/** The NAT gateway translates forward and restores on the return, with the headers rewritten at its hop. */
function assertTranslatedBothWays(t: TraceResult): void {
  const snat = hopAt(t, 'Nat', 'forward');
  assert.deepEqual([snat.in.src, snat.in.dst, snat.out.src, snat.out.dst], ['10.0.1.10', '10.1.1.20', '10.0.0.5', '10.1.1.20'], show(t));
  assert.deepEqual(snat.out.srcPort, { from: 1024, to: 65535 });
  assert.equal(snat.code, 'REMAP_EPHEMERAL_PORT');
  const unsnat = hopAt(t, 'Nat', 'return');
  assert.deepEqual([unsnat.in.src, unsnat.in.dst, unsnat.out.src, unsnat.out.dst], ['10.1.1.20', '10.0.0.5', '10.1.1.20', '10.0.1.10'], show(t));
  assert.deepEqual(unsnat.out.dstPort, { from: 32768, to: 60999 });
  // The server sees the NAT gateway's address, not the worker's.
  assert.equal(hopAt(t, 'ServerSg', 'forward').in.src, '10.0.0.5');
}

test('worker → server through the NAT gateway and a peering: reachable, translated at the NAT gateway both ways', () => {
  const t = trace(TEXT, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assertTranslatedBothWays(t);
  const fwd = hopAt(t, 'Pcx', 'forward');
  assert.deepEqual([fwd.in.src, fwd.in.dst], ['10.0.0.5', '10.1.1.20']);
  const ret = hopAt(t, 'Pcx', 'return');
  assert.deepEqual([ret.in.src, ret.in.dst], ['10.1.1.20', '10.0.0.5']);
  // The NAT gateway's subnet routes the translated packet; the return crosses the NAT subnet's NACL at the remapped ports.
  assert.ok(hopsOf(t, 'forward').some((h) => h.resource === 'NatToServer' && h.in.src === '10.0.0.5'), show(t));
  assert.ok(t.assumptions.some((a) => /comes from the NAT gateway's own address in WorkerVpc/.test(a)), t.assumptions.join('\n'));
});

test('the server\'s group admits only the worker\'s own subnet: blocked at the server, because the packet arrives from the NAT gateway\'s address', () => {
  const text = edit(TEXT, ['          CidrIp: 10.0.0.0/24\n', '          CidrIp: 10.0.1.0/24\n']);
  const t = trace(text, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.resource, 'ServerSg');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(t.blockedAt!.message, /10\.0\.0\.5/);
});

test('the server VPC routes back only the worker\'s subnet: the reply to the NAT gateway\'s address has no route, blocked on the return', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 10.0.0.0/16\n      VpcPeeringConnectionId: !Ref Pcx\n', '      DestinationCidrBlock: 10.0.1.0/24\n      VpcPeeringConnectionId: !Ref Pcx\n']);
  const t = trace(text, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.match(t.blockedAt!.message, /has no route to 10\.0\.0\.5: the reply goes to NAT gateway Nat's address, so ServerVpc needs a route back to WorkerVpc/);
});

test('a network ACL of the server subnet that admits replies only to the worker\'s ephemeral ports drops the reply to the NAT gateway\'s remapped ports', () => {
  const nacl = `  ServerNacl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref ServerVpc
  ServerNaclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref ServerNacl
      RuleNumber: 100
      Protocol: -1
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  ServerNaclOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref ServerNacl
      RuleNumber: 100
      Protocol: 6
      Egress: true
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
      PortRange: { From: 32768, To: 60999 }
  ServerNaclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref ServerSubnet
      NetworkAclId: !Ref ServerNacl
  Worker:
`;
  const t = trace(edit(TEXT, ['  Worker:\n', nacl]), { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(t.blockedAt?.direction, 'return');
  assert.match(t.blockedAt!.message, /the ports the NAT gateway picked, 1024-65535/);
});

test('worker → server through the NAT gateway and a transit gateway: reachable, the gateway\'s hops carry the translated headers both ways', () => {
  const t = trace(VIA_TGW, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assertTranslatedBothWays(t);
  const enter = hopAt(t, 'WorkerAttachment', 'forward');
  assert.equal(enter.in.src, '10.0.0.5');
  const table = hopsOf(t, 'forward').find((h) => h.resource === 'Tgw' && h.element === 'defaultRouteTable');
  assert.ok(table && table.decision === 'pass', show(t));
  const back = hopAt(t, 'ServerAttachment', 'return');
  assert.deepEqual([back.in.src, back.in.dst], ['10.1.1.20', '10.0.0.5']);
  // A private NAT gateway (no Elastic IP) is the documented way to other VPCs: the same walk.
  const priv = edit(VIA_TGW, ['      AllocationId: !GetAtt NatEip.AllocationId\n', '      ConnectivityType: private\n']);
  const p = trace(priv, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(p.verdict, 'reachable', show(p));
  assertTranslatedBothWays(p);
});

test('through the transit gateway, a blackhole for the NAT gateway\'s subnet in the gateway\'s table blocks the reply', () => {
  const table = `  HubTable:
    Type: AWS::EC2::TransitGatewayRouteTable
    Properties:
      TransitGatewayId: !Ref Tgw
  HubToServer:
    Type: AWS::EC2::TransitGatewayRoute
    Properties:
      TransitGatewayRouteTableId: !Ref HubTable
      DestinationCidrBlock: 10.1.0.0/16
      TransitGatewayAttachmentId: !Ref ServerAttachment
  HubToWorkers:
    Type: AWS::EC2::TransitGatewayRoute
    Properties:
      TransitGatewayRouteTableId: !Ref HubTable
      DestinationCidrBlock: 10.0.1.0/24
      TransitGatewayAttachmentId: !Ref WorkerAttachment
  HubNatBlackhole:
    Type: AWS::EC2::TransitGatewayRoute
    Properties:
      TransitGatewayRouteTableId: !Ref HubTable
      DestinationCidrBlock: 10.0.0.0/24
      Blackhole: true
  WorkerHub:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties:
      TransitGatewayAttachmentId: !Ref WorkerAttachment
      TransitGatewayRouteTableId: !Ref HubTable
  ServerHub:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties:
      TransitGatewayAttachmentId: !Ref ServerAttachment
      TransitGatewayRouteTableId: !Ref HubTable
  Worker:
`;
  const text = edit(VIA_TGW, ['      Description: hub\n', '      Description: hub\n      DefaultRouteTableAssociation: disable\n      DefaultRouteTablePropagation: disable\n'], ['  Worker:\n', table]);
  const t = trace(text, { from: 'Worker', to: 'Server', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers.length, 1, show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'TGW_RTB_BAD_STATE_ROUTE');
  assert.deepEqual([hopAt(t, 'Nat', 'forward').out.src], ['10.0.0.5']);
});

test('the other way, server → worker across the peering: the worker\'s reply follows its route to the NAT gateway instead of the peering, blocked on the return', () => {
  const t = trace(TEXT, { from: 'Server', to: 'Worker', port: 22 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.resource, 'WorkerRoutes');
  // The reply takes another way than the request: the NAT gateway would rewrite its source.
  assert.equal(t.blockedAt?.code, 'ASYMMETRIC_RETURN_ROUTE');
  assert.match(t.blockedAt!.message, /routes the reply to 10\.1\.1\.20 through NAT gateway Nat instead of back through peering Pcx: a peering needs a route on both sides; the NAT gateway would rewrite its source, so Server gets the reply from the NAT gateway's address/);
  // Forward, the peering carried the server's own address: nothing translates it.
  assert.equal(hopAt(t, 'Pcx', 'forward').in.src, '10.1.1.20');
});

test('the other way, server → worker across the transit gateway: the worker\'s reply follows its route to the NAT gateway instead of the gateway, blocked on the return', () => {
  const t = trace(VIA_TGW, { from: 'Server', to: 'Worker', port: 22 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.resource, 'WorkerRoutes');
  assert.equal(t.blockedAt?.code, 'ASYMMETRIC_RETURN_ROUTE');
  assert.match(t.blockedAt!.message, /through NAT gateway Nat instead of back to transit gateway Tgw; the NAT gateway would rewrite its source/);
});

test('no edge-to-edge: the server VPC cannot use the worker VPC\'s NAT gateway through the peering', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 10.0.0.0/16\n      VpcPeeringConnectionId: !Ref Pcx\n', '      DestinationCidrBlock: 0.0.0.0/0\n      VpcPeeringConnectionId: !Ref Pcx\n']);
  const t = trace(text, { from: 'Server', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  assert.ok(!t.hops.some((h) => h.resource === 'Nat'), show(t));
  // The worker's own flow through its NAT gateway still works with that route (0.0.0.0/0 covers the NAT gateway's address).
  assert.equal(trace(text, { from: 'Worker', to: 'Server', port: 443 }).verdict, 'reachable');
});
