// Template structure: resource cycles, unknowns records (paths, ranges, dedup), section shapes,
// and JSON and YAML giving the same resolved values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, plain, problem, propPlain, rangeOf, resolveText, yamlTemplate } from '../../fixtures/template/resolve/helpers';

test('resource cycles via Ref, GetAtt, Sub and DependsOn: reported once, values unknown cycle', () => {
  const t = yamlTemplate({
    resources: `  A:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub '\${B.GroupId}'
  B:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !GetAtt C.VpcId
  C:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !Ref A
  Outside:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !Ref A
  Self:
    Type: AWS::EC2::SecurityGroup
    DependsOn: Self
`,
  });
  const r = resolveText(t);
  const cycles = r.problems.filter((p) => p.code === 'CIRCULAR_DEPENDENCY');
  assert.equal(cycles.length, 2);
  assert.match(cycles[0].message, /A, B, C/);
  // Closed by C's reference back to A (the earliest-declared member).
  assert.deepEqual(cycles[0].range, rangeOf(t, '!Ref A'));
  assert.match(cycles[1].message, /Self/);
  assert.deepEqual(propPlain(r, 'A', 'GroupDescription'), { unknown: 'cycle' });
  assert.deepEqual(propPlain(r, 'B', 'VpcId'), { unknown: 'cycle' });
  assert.deepEqual(propPlain(r, 'C', 'VpcId'), { unknown: 'cycle' });
  // A resource outside the cycle may still refer to a member.
  assert.deepEqual(propPlain(r, 'Outside', 'VpcId'), { ref: 'A' });
  assert.deepEqual([...r.resources.keys()], ['A', 'B', 'C', 'Outside', 'Self']);
});

test('GetAtt pulls properties of resources declared later (resolution follows dependencies)', () => {
  const t = yamlTemplate({
    resources: `  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Join ['', ['10.4', '.0.0/16']]
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Subnet', 'CidrBlock'), '10.4.0.0/24');
  assert.deepEqual(codes(r), []);
});

test('unknowns: property paths, ranges at the cause, deduplicated', () => {
  const t = yamlTemplate({
    parameters: '  Sub2:\n    Type: String\n  Prefix:\n    Type: String\n',
    resources: `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: [subnet-1, !Ref Sub2]
        SecurityGroupIds: [!ImportValue sg]
      Description: !Join ['', [!Ref Prefix, '/16']]
      Z: !GetAZs ''
`,
  });
  const r = resolveText(t);
  assert.deepEqual(
    r.unknowns.map((u) => [u.resource, u.property, t.slice(u.range.start, u.range.end)]),
    [
      ['Fn', 'VpcConfig.SubnetIds[1]', '!Ref Sub2'],
      ['Fn', 'VpcConfig.SecurityGroupIds[0]', '!ImportValue sg'],
      ['Fn', 'Description', '!Ref Prefix'],
    ],
  );
  // The Join value itself is produced at the Join.
  const d = r.resources.get('Fn')!.properties.entries.get('Description')!;
  assert.deepEqual(d.range, rangeOf(t, "!Join ['', [!Ref Prefix, '/16']]"));
});

test('structure problems: Resources not a map, resource without Type, list where a map belongs, Properties null', () => {
  const notMap = resolveText("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - a\n");
  assert.deepEqual(codes(notMap), ['SECTION_INVALID']);
  const t = yamlTemplate({
    resources: `  NoType:
    Properties: {}
  ListRes: [a]
  NullProps:
    Type: AWS::EC2::VPC
    Properties:
  ListProps:
    Type: AWS::EC2::VPC
    Properties: [a]
  Ok:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
`,
  });
  const r = resolveText(t);
  assert.deepEqual(codes(r).sort(), ['PROPERTIES_INVALID', 'RESOURCE_INVALID', 'RESOURCE_NO_TYPE']);
  assert.deepEqual(problem(r, 'RESOURCE_NO_TYPE')!.range, rangeOf(t, 'NoType'));
  assert.deepEqual(plain(r.resources.get('NullProps')!.properties), {});
  assert.deepEqual(plain(r.resources.get('ListProps')!.properties), {});
  assert.equal(propPlain(r, 'Ok', 'CidrBlock'), '10.0.0.0/16');
  assert.equal(r.resources.get('Ok')!.type, 'AWS::EC2::VPC');
  assert.deepEqual(r.resources.get('Ok')!.typeRange, rangeOf(t, 'AWS::EC2::VPC', 2));
  assert.deepEqual(r.resources.get('Ok')!.idRange, rangeOf(t, 'Ok'));
});

test('not a template: no resolution, no problems', () => {
  const r = resolveText('services:\n  web:\n    image: nginx\n');
  assert.equal(r.isTemplate, false);
  assert.equal(r.resources.size, 0);
  assert.deepEqual(r.problems, []);
  const empty = resolveText('');
  assert.equal(empty.isTemplate, false);
});

test('Outputs are resolved for problems only; Metadata is resolved', () => {
  const t = yamlTemplate({
    resources: `  Vpc:
    Type: AWS::EC2::VPC
    Metadata:
      PacketWalk:
        Flows: [{ Name: f, From: !Ref Vpc, To: internet, Port: 443 }]
    Properties: { CidrBlock: 10.0.0.0/16 }
`,
    outputs: '  Id:\n    Value: !Ref Vcp\n',
  });
  const r = resolveText(t);
  assert.deepEqual(codes(r), ['UNDEFINED_REFERENCE']);
  assert.deepEqual(plain(r.resources.get('Vpc')!.metadata), { PacketWalk: { Flows: [{ Name: 'f', From: { ref: 'Vpc' }, To: 'internet', Port: 443 }] } });
});

const jsonTemplate = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "Env": { "Type": "String", "Default": "prod" }, "Unset": { "Type": "String" } },
  "Mappings": { "Net": { "prod": { "Cidr": "10.8.0.0/16" } } },
  "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "Env" }, "prod"] }, "Maybe": { "Fn::Equals": [{ "Ref": "Unset" }, "x"] } },
  "Resources": {
    "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": { "Fn::FindInMap": ["Net", { "Ref": "Env" }, "Cidr"] } } },
    "Subnet": {
      "Type": "AWS::EC2::Subnet",
      "Condition": "Maybe",
      "Properties": {
        "VpcId": { "Ref": "Vpc" },
        "CidrBlock": { "Fn::Select": [1, { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 4, 8] }] },
        "AvailabilityZone": { "Fn::Select": [0, { "Fn::GetAZs": "" }] },
        "Tags": [{ "Key": "Name", "Value": { "Fn::Sub": "\${Env}-\${AWS::Region}" } }, { "Fn::If": ["IsProd", { "Ref": "AWS::NoValue" }, "x"] }],
        "MapPublicIpOnLaunch": { "Fn::If": ["Maybe", true, false] }
      }
    }
  }
}
`;

const yamlEquivalent = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: { Type: String, Default: prod }
  Unset: { Type: String }
Mappings:
  Net:
    prod: { Cidr: 10.8.0.0/16 }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Maybe: !Equals [!Ref Unset, x]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !FindInMap [Net, !Ref Env, Cidr]
  Subnet:
    Type: AWS::EC2::Subnet
    Condition: Maybe
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
      Tags:
        - Key: Name
          Value: !Sub '\${Env}-\${AWS::Region}'
        - !If [IsProd, !Ref AWS::NoValue, x]
      MapPublicIpOnLaunch: !If [Maybe, true, false]
`;

test('JSON and YAML give the same resolved values', () => {
  const j = resolveText(jsonTemplate);
  const y = resolveText(yamlEquivalent);
  assert.equal(j.format, 'json');
  assert.equal(y.format, 'yaml');
  const view = (r: ReturnType<typeof resolveText>) => ({
    resources: [...r.resources.values()].map((x) => [x.id, x.type, x.condition, plain(x.properties)]),
    conditions: Object.fromEntries(r.conditions),
    params: [...r.parameters.values()].map((p) => [p.name, p.type, plain(p.value)]),
    unknowns: r.unknowns.map((u) => [u.resource, u.property, u.reason]),
    problems: codes(r),
  });
  assert.deepEqual(view(j), view(y));
  assert.deepEqual(view(y).resources[1][3], {
    VpcId: { ref: 'Vpc' },
    CidrBlock: '10.8.1.0/24',
    AvailabilityZone: '~az[0]',
    Tags: [{ Key: 'Name', Value: { unknown: 'pseudo-parameter' } }],
    MapPublicIpOnLaunch: { unknown: 'condition-unknown' },
  });
  assert.equal(view(y).resources[1][2], 'unknown');
});

test('DependsOn an absent resource is an error; Fn::ForEach without the transform is expanded with a warning; ImportValue of a Sub names its pattern', () => {
  const t = yamlTemplate({
    parameters: '  Env:\n    Type: String\n',
    conditions: '  Never: !Equals [a, b]\n',
    resources: `  Gone:
    Type: AWS::EC2::VPC
    Condition: Never
  User:
    Type: AWS::EC2::VPC
    DependsOn: [Gone]
    Properties:
      CidrBlock: !ImportValue { "Fn::Sub": '\${Env}-cidr' }
  Fn::ForEach::Subnets:
    - Name
    - [A, B]
    - Subnet\${Name}: { Type: AWS::EC2::Subnet }
`,
  });
  const r = resolveText(t);
  assert.deepEqual(codes(r), ['FOREACH_WITHOUT_TRANSFORM', 'REFERENCE_TO_ABSENT_RESOURCE']);
  assert.deepEqual(problem(r, 'REFERENCE_TO_ABSENT_RESOURCE')!.range, rangeOf(t, 'Gone', 1));
  assert.equal(problem(r, 'FOREACH_WITHOUT_TRANSFORM')!.severity, 'warning');
  assert.deepEqual([...r.resources.keys()], ['User', 'SubnetA', 'SubnetB']);
  assert.deepEqual([...r.absentResources.keys()], ['Gone']);
  assert.equal(r.unknowns[0].reason, 'value exported by another stack: ${Env}-cidr');
});
