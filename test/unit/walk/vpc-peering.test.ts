// VPC peering: carried both ways when both VPCs route to each other through it; never transitive or
// edge-to-edge; a connection between overlapping VPCs never becomes active; a peer outside the
// template is unknown. Each test reads the trace's hops, with the headers at each hop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('peering.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

test('app → db across a peering with routes on both sides: reachable, the peering is a hop both ways and the headers keep the private addresses', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = hopsOf(t, 'forward').filter((h) => h.resource === 'Peering');
  const ret = hopsOf(t, 'return').filter((h) => h.resource === 'Peering');
  assert.equal(fwd.length, 1, show(t));
  assert.equal(ret.length, 1, show(t));
  assert.equal(fwd[0].type, 'AWS::EC2::VPCPeeringConnection');
  assert.deepEqual([fwd[0].in.src, fwd[0].in.dst, fwd[0].in.dstPort], ['10.0.1.10', '10.1.2.20', 5432]);
  assert.deepEqual(fwd[0].out, fwd[0].in);
  assert.deepEqual([ret[0].in.src, ret[0].in.dst, ret[0].in.srcPort], ['10.1.2.20', '10.0.1.10', 5432]);
  assert.match(fwd[0].reason, /from AppVpc to DataVpc/);
  assert.match(ret[0].reason, /from DataVpc to AppVpc/);
  // The database's group references the app's group: it matches across a same-Region peering.
  const sg = hopsOf(t, 'forward').find((h) => h.resource === 'DbSg');
  assert.equal(sg?.decision, 'pass', show(t));
  // The reverse direction is walked the same way (the app's default egress admits it; its ingress does not).
  const back = trace(TEXT, { from: 'Db', to: 'App', port: 22 });
  assert.equal(back.verdict, 'blocked', show(back));
  assert.equal(back.blockedAt?.code, 'SG_HAS_NO_RULES');
  assert.ok(hopsOf(back, 'forward').some((h) => h.resource === 'Peering' && h.decision === 'pass'), show(back));
});

test('no route back through the peering in the destination VPC: blocked on the return path, saying both sides need a route', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 10.0.0.0/16\n      VpcPeeringConnectionId: !Ref Peering\n', '      DestinationCidrBlock: 10.0.0.0/16\n      GatewayId: !Ref DataIgw\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.match(t.blockedAt!.message, /rather than back through peering Peering: a peering needs a route on both sides/);
  const never = (id: string): [string, string] => [`  ${id}:\n    Type: AWS::EC2::Route\n`, `  ${id}:\n    Type: AWS::EC2::Route\n    Condition: Never\n`];
  const removed = trace(edit(TEXT, never('DataToApp'), never('DataDefault'), ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n']), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(removed.verdict, 'blocked', show(removed));
  assert.equal(removed.blockedAt?.direction, 'return');
  assert.match(removed.blockedAt!.message, /has no route to 10\.0\.1\.10: a peering needs a route on both sides, and DataVpc has none back to AppVpc through Peering/);
  // The forward half did cross the peering.
  assert.ok(hopsOf(removed, 'forward').some((h) => h.resource === 'Peering' && h.decision === 'pass'));
});

test('no edge-to-edge routing: the app VPC cannot reach the internet through the peer VPC\'s internet gateway', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref Peering\n', '      DestinationCidrBlock: 0.0.0.0/0\n      VpcPeeringConnectionId: !Ref Peering\n']);
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  assert.equal(t.blockedAt?.resource, 'Peering');
  assert.match(t.blockedAt!.message, /not transitive and has no edge-to-edge routing/);
  assert.ok(!t.hops.some((h) => h.resource === 'DataIgw'), show(t));
  // The same route still carries packets for the peer VPC itself.
  assert.equal(trace(text, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
});

test('not transitive: a third VPC peered with the data VPC is not reachable from the app VPC through it', () => {
  const third = `  FarVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.2.0.0/16
  FarPeering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties:
      VpcId: !Ref DataVpc
      PeerVpcId: !Ref FarVpc
  FarSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref FarVpc
      CidrBlock: 10.2.0.0/24
  AppToFar:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref AppRt
      DestinationCidrBlock: 10.2.0.0/16
      VpcPeeringConnectionId: !Ref Peering
`;
  const text = edit(TEXT, ['Resources:\n', `Resources:\n${third}`]);
  const t = trace(text, { from: 'App', to: 'FarSubnet', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  assert.match(t.blockedAt!.message, /carries only packets to addresses of DataVpc \(10\.1\.0\.0\/16\), and 10\.2\.0\.0\/24 is not one/);
});

test('peering VPCs whose CIDR blocks overlap: a template problem, and the connection drops every packet', () => {
  const cidr = `  DataExtra:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref DataVpc
      CidrBlock: 10.0.128.0/17
`;
  const text = edit(TEXT, ['Resources:\n', `Resources:\n${cidr}`]);
  const a = analyze(text);
  const p = a.model!.problems.find((x) => x.code === 'PCX_OVERLAPPING_CIDRS');
  assert.ok(p, JSON.stringify(a.model!.problems));
  assert.equal(p.severity, 'error');
  assert.match(p.message, /AppVpc \(10\.0\.0\.0\/16\) and DataVpc \(10\.0\.128\.0\/17\) overlap/);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'PCX_OVERLAPPING_CIDRS');
  assert.equal(t.blockedAt?.resource, 'Peering');
  // Without the overlap the same flow passes (the rest of the fixture is sound).
  assert.equal(trace(TEXT, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
});

test('a peer VPC outside the template (another account): what lies behind the peering is unknown, with the reason', () => {
  const text = edit(
    TEXT,
    ['      PeerVpcId: !Ref DataVpc\n', '      PeerVpcId: vpc-0123456789abcdef0\n      PeerOwnerId: "123456789012"\n'],
    ['      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref Peering\n', '      DestinationCidrBlock: 0.0.0.0/0\n      VpcPeeringConnectionId: !Ref Peering\n'],
  );
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.resource, 'Peering');
  assert.equal(hop?.code, 'UNSUPPORTED_COMPONENT');
  assert.match(hop!.reason, /outside the template \(the peering names another account or Region\): "vpc-0123456789abcdef0" names a resource outside the template/);
});

test('a route to a peering that does not join the route table\'s VPC: blocked at the peering', () => {
  const other = `  OtherVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.5.0.0/16
  OtherPeering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties:
      VpcId: !Ref DataVpc
      PeerVpcId: !Ref OtherVpc
`;
  const text = edit(TEXT, ['Resources:\n', `Resources:\n${other}`], ['      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref Peering\n', '      DestinationCidrBlock: 10.1.0.0/16\n      VpcPeeringConnectionId: !Ref OtherPeering\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'BAD_STATE_ROUTE');
  assert.match(t.blockedAt!.message, /OtherPeering joins DataVpc and OtherVpc, not AppVpc/);
});
