// Fn::ForEach (AWS::LanguageExtensions): loops expanded as the transform does, with ranges in the loop body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, problem, propPlain, rangeOf, resolveText } from '../../fixtures/template/resolve/helpers';
import { parseTemplate } from '../../../server/src/template/parse';
import { resolveTemplate } from '../../../server/src/template/resolve';
import { buildModel } from '../../../server/src/model/build';
import { isUnknown, type Maybe } from '../../../server/src/model/types';
import { formatCidr, type Cidr } from '../../../server/src/net/ip';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';

const HEAD = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::LanguageExtensions\n";

test('a loop in Resources makes one resource per item: ${Id} in logical ids, Ref Id and Sub in values', () => {
  const t = `${HEAD}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Fn::ForEach::Subnets:
    - Az
    - [a, b]
    - Subnet\${Az}:
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !Ref Vpc
          AvailabilityZone: !Ref Az
          CidrBlock: !Sub '10.0.\${Az}.0/24'
          Tags: [{ Key: Name, Value: !Sub 'net-\${Az}-\${AWS::Region}' }]
`;
  const r = resolveText(t);
  assert.deepEqual(codes(r), []);
  assert.deepEqual([...r.resources.keys()], ['Vpc', 'Subneta', 'Subnetb']);
  assert.equal(propPlain(r, 'Subnetb', 'AvailabilityZone'), 'b');
  assert.equal(propPlain(r, 'Subneta', 'CidrBlock'), '10.0.a.0/24');
  assert.deepEqual(propPlain(r, 'Subnetb', 'VpcId'), { ref: 'Vpc' });
  // A Sub still holding a pseudo parameter stays a Sub (the region is unknown).
  assert.deepEqual(propPlain(r, 'Subneta', 'Tags'), [{ Key: 'Name', Value: { unknown: 'pseudo-parameter' } }]);
  // The expanded resource points at the loop body.
  const sb = r.resources.get('Subnetb')!;
  assert.deepEqual(sb.idRange, rangeOf(t, 'Subnet${Az}'));
  assert.deepEqual(sb.properties.entries.get('AvailabilityZone')!.range, rangeOf(t, '!Ref Az'));
});

test('&{Id} drops non-alphanumeric characters in keys; nested loops; Ref !Sub names an expanded resource', () => {
  const t = `${HEAD}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Fn::ForEach::Tiers:
    - Tier
    - [App, Db]
    - Fn::ForEach::Blocks:
        - Block
        - ['10.0.1.0/24', '10.0.2.0/24']
        - \${Tier}Net&{Block}:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              CidrBlock: !Ref Block
              Tags: [{ Key: tier, Value: !Sub '\${Tier}' }]
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
  Fn::ForEach::Enis:
    - Tier
    - [App]
    - Eni\${Tier}:
        Type: AWS::EC2::NetworkInterface
        Properties:
          SubnetId: !Ref { 'Fn::Sub': '\${Tier}Net1001024' }
`;
  const r = resolveText(t);
  assert.deepEqual(codes(r), []);
  assert.deepEqual([...r.resources.keys()], ['Vpc', 'AppNet1001024', 'AppNet1002024', 'DbNet1001024', 'DbNet1002024', 'Sg', 'EniApp']);
  assert.equal(propPlain(r, 'DbNet1002024', 'CidrBlock'), '10.0.2.0/24');
  assert.deepEqual(propPlain(r, 'DbNet1001024', 'Tags'), [{ Key: 'tier', Value: 'Db' }]);
  assert.deepEqual(propPlain(r, 'EniApp', 'SubnetId'), { ref: 'AppNet1001024' });
});

test('collections from a CommaDelimitedList parameter and from Fn::FindInMap with DefaultValue; Fn::Length and Fn::ToJsonString in the body', () => {
  const t = `${HEAD}Parameters:
  Zones:
    Type: CommaDelimitedList
    Default: 'x,y,z'
Mappings:
  Envs:
    prod: { Ports: [443] }
Resources:
  Fn::ForEach::Groups:
    - Zone
    - !Ref Zones
    - Sg\${Zone}:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: !ToJsonString { zone: !Ref Zone, count: !Length [1, 2] }
          Tags: [{ Key: n, Value: { 'Fn::Length': !Ref Zones } }]
  Fn::ForEach::Ports:
    - Port
    - !FindInMap [Envs, dev, Ports, { DefaultValue: [80, 8080] }]
    - Rule\${Port}:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: { GroupId: !Ref Sgx, IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 0.0.0.0/0 }
`;
  const r = resolveText(t);
  assert.deepEqual(codes(r), []);
  assert.deepEqual([...r.resources.keys()], ['Sgx', 'Sgy', 'Sgz', 'Rule80', 'Rule8080']);
  assert.equal(propPlain(r, 'Sgy', 'GroupDescription'), '{"zone":"y","count":2}');
  assert.deepEqual(propPlain(r, 'Sgz', 'Tags'), [{ Key: 'n', Value: 3 }]);
  assert.equal(propPlain(r, 'Rule8080', 'FromPort'), '8080');
  // A parameter override changes the expansion.
  assert.deepEqual([...resolveText(t, { Zones: 'q' }).resources.keys()], ['Sgq', 'Rule80', 'Rule8080']);
});

test('a collection from a parameter without a value leaves the loop unexpanded and unknown, with the keys it would make', () => {
  const t = `${HEAD}Parameters:
  Zones: { Type: CommaDelimitedList }
Resources:
  Fn::ForEach::Subnets:
    - Zone
    - !Ref Zones
    - Subnet\${Zone}: { Type: AWS::EC2::Subnet }
  Other: { Type: AWS::EC2::VPC }
`;
  const r = resolveText(t);
  assert.deepEqual([...r.resources.keys()], ['Other']);
  assert.deepEqual(codes(r), ['FOREACH_UNKNOWN_COLLECTION']);
  assert.deepEqual(problem(r, 'FOREACH_UNKNOWN_COLLECTION')!.range, rangeOf(t, '!Ref Zones'));
  assert.equal(r.unexpandedLoops?.length, 1);
  const loop = r.unexpandedLoops![0];
  assert.equal(loop.name, 'Fn::ForEach::Subnets');
  assert.match(loop.reason, /Zones/);
  assert.ok(new RegExp(loop.keys[0]).test('SubnetEast'));
  assert.ok(!new RegExp(loop.keys[0]).test('Other'));
});

test('a loop inside a resource\u2019s properties and in Outputs; bad loops and a missing transform are problems', () => {
  const t = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      Fn::ForEach::Tags:
        - K
        - [A, B]
        - Tag\${K}: !Ref K
  Fn::ForEach::Bad:
    - K
    - [A]
Outputs:
  Fn::ForEach::Out:
    - K
    - [A, A]
    - Out\${K}: { Value: !Ref K }
`;
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Sg', 'TagA'), 'A');
  assert.deepEqual(propPlain(r, 'Sg', 'TagB'), 'B');
  assert.deepEqual(codes(r).sort(), ['FOREACH_DUPLICATE_KEY', 'FOREACH_INVALID', 'FOREACH_WITHOUT_TRANSFORM']);
  assert.equal(problem(r, 'FOREACH_WITHOUT_TRANSFORM')!.severity, 'warning');
  assert.deepEqual(problem(r, 'FOREACH_WITHOUT_TRANSFORM')!.range, rangeOf(t, 'Fn::ForEach::Tags'));
});

test('hostile nesting is bounded', () => {
  const items = '[' + Array.from({ length: 200 }, (_, i) => `i${i}`).join(', ') + ']';
  const t = `${HEAD}Resources:
  Fn::ForEach::A:
    - X
    - ${items}
    - Fn::ForEach::B:
        - Y
        - ${items}
        - R\${X}\${Y}: { Type: AWS::SNS::Topic }
`;
  const r = resolveText(t);
  assert.ok(r.resources.size <= 20_000);
  assert.ok(codes(r).includes('FOREACH_TOO_LARGE'));
});

test('resources made by a loop are modelled: subnets of an expanded loop in the model view', () => {
  const t = `${HEAD}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Fn::ForEach::Subnets:
    - N
    - ['1', '2']
    - Subnet\${N}:
        Type: AWS::EC2::Subnet
        Properties: { VpcId: !Ref Vpc, CidrBlock: !Sub '10.0.\${N}.0/24' }
`;
  const m = buildModel(resolveTemplate(parseTemplate(t)));
  assert.deepEqual(
    m.subnets.map((s) => [s.id, plainCidr(s.cidr)]),
    [
      ['Subnet1', '10.0.1.0/24'],
      ['Subnet2', '10.0.2.0/24'],
    ],
  );
});

function plainCidr(c: Maybe<Cidr>): string {
  return isUnknown(c) ? 'unknown' : formatCidr(c);
}

test('a flow to a resource an unexpanded loop would create is unknown, not an undefined name; with the parameter given it is walked', () => {
  const t = `${HEAD}Parameters:
  Names: { Type: CommaDelimitedList }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 }
  Fn::ForEach::Hosts:
    - Name
    - !Ref Names
    - Host\${Name}:
        Type: AWS::EC2::Instance
        Properties: { SubnetId: !Ref Subnet }
`;
  const unknownLoop = traceInModel(analyzeText(t), { from: 'Subnet', to: 'HostWeb', protocol: 'tcp', port: { from: 22, to: 22 } });
  assert.equal(unknownLoop.verdict, 'unknown');
  assert.match(unknownLoop.assumptions.join(' '), /Fn::ForEach::Hosts, whose collection is unknown/);
  const given = traceInModel(analyzeText(t, { parameters: { Names: 'Web,Api' } }), { from: 'Subnet', to: 'HostWeb', protocol: 'tcp', port: { from: 22, to: 22 } });
  // Walked: the instance has the VPC's default security group, which admits only its own members.
  assert.equal(given.verdict, 'blocked');
  assert.equal(given.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
});
