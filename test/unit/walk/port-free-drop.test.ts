// "Expect: blocked" searches the parts of a blocked flow (port intervals, source ports) for one that gets
// through. A pair dropped by something the ports do not decide (here: the internet gateway, for an instance
// without a public address) is blocked in every part; a pair dropped only by rules on ports is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { resolveEndpoint } from '../../../server/src/walk/endpoints';
import { walkPair } from '../../../server/src/walk/pair-walk';

const template = (publicSubnet: boolean) => `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  PacketWalk:
    Flows:
      - {Name: db-closed, From: internet, To: Db, Protocol: tcp, Port: 5430-5435, Expect: blocked}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Default: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: ${publicSubnet}}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Sub, RouteTableId: !Ref Rt}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 0.0.0.0/0}]
  Db: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-12345678, SubnetId: !Ref Sub, SecurityGroupIds: [!Ref Sg]}}
`;

function walkOf(text: string) {
  const model = analyzeText(text).model!;
  const from = resolveEndpoint(model, 'internet');
  const to = resolveEndpoint(model, 'Db');
  assert.ok(from.ok && to.ok);
  return walkPair(model, {}, { src: from.sides[0], dst: to.sides[0], protocol: 6, dstPorts: { from: 5430, to: 5435 } });
}

test('a drop at the internet gateway (no public address) is marked as not depending on the ports', () => {
  const r = walkOf(template(false));
  assert.ok(r.blockers.some((b) => b.code === 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'));
  assert.equal(r.portFreeDrop, true);
});

test('a drop by security-group rules on ports alone is not marked', () => {
  const r = walkOf(template(true));
  assert.ok(r.blockers.length > 0);
  assert.ok(r.blockers.every((b) => b.code !== 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'));
  assert.equal(r.portFreeDrop, undefined);
});

test('blocked at the internet gateway: no port of the range gets through, the flow is as expected', () => {
  const r = analyzeText(template(false)).flows.find((f) => f.flow.name === 'db-closed')!;
  assert.equal(r.trace.verdict, 'blocked');
  assert.equal(r.asExpected, true);
  assert.equal(r.partlyReachable, undefined);
});

test('blocked only on some ports: the port the security group admits is found and named', () => {
  const r = analyzeText(template(true)).flows.find((f) => f.flow.name === 'db-closed')!;
  assert.equal(r.trace.verdict, 'blocked');
  assert.equal(r.asExpected, false);
  assert.match(r.partlyReachable ?? '', /tcp 5432 \(of 5430-5435\)/);
});
