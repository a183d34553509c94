// Intrinsic functions: happy paths and bad input, templates in, resolved values and problems out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, problem, propPlain, prop, rangeOf, resolveText, yamlTemplate } from '../../fixtures/template/resolve/helpers';

const vpc = `  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
`;

test('Ref: parameter value, resource identity, undefined name with suggestions', () => {
  const t = yamlTemplate({
    parameters: '  Prefix:\n    Type: String\n    Default: app\n',
    resources: `${vpc}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Ref Prefix
      VpcId: !Ref Vpc
      Tags: [{ Key: x, Value: !Ref Vcp }]
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Sg', 'GroupDescription'), 'app');
  assert.deepEqual(propPlain(r, 'Sg', 'VpcId'), { ref: 'Vpc' });
  assert.deepEqual(prop(r, 'Sg', 'VpcId')!.range, rangeOf(t, '!Ref Vpc'));
  assert.deepEqual(propPlain(r, 'Sg', 'Tags'), [{ Key: 'x', Value: { unknown: 'invalid' } }]);
  const p = problem(r, 'UNDEFINED_REFERENCE')!;
  assert.equal(p.severity, 'error');
  assert.match(p.message, /Vcp.*did you mean Vpc/);
  assert.deepEqual(p.range, rangeOf(t, 'Vcp'));
});

test('Fn::GetAtt: list and string forms, Ref attribute name, table of networking attributes', () => {
  const t = yamlTemplate({
    parameters: '  Att:\n    Type: String\n    Default: CidrBlock\n',
    resources: `${vpc}  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !GetAtt Vpc.VpcId
      CidrBlock: !GetAtt [Vpc, CidrBlock]
      AvailabilityZone: us-east-1a
  Probe:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !GetAtt Subnet.VpcId
      CidrBlock: { "Fn::GetAtt": [Vpc, { Ref: Att }] }
      AvailabilityZone: !GetAtt Subnet.AvailabilityZone
      Tags:
        - { Key: sg, Value: !GetAtt Vpc.DefaultSecurityGroup }
        - { Key: acl, Value: !GetAtt Vpc.DefaultNetworkAcl }
        - { Key: v6, Value: !GetAtt Vpc.Ipv6CidrBlocks }
        - { Key: other, Value: !GetAtt Vpc.SomethingElse }
        - { Key: subnet, Value: !GetAtt Subnet.SubnetId }
`,
  });
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Subnet', 'VpcId'), { ref: 'Vpc', att: 'VpcId' });
  assert.equal(propPlain(r, 'Subnet', 'CidrBlock'), '10.0.0.0/16');
  // A property taken from another resource keeps the range of the GetAtt that took it.
  assert.deepEqual(prop(r, 'Subnet', 'CidrBlock')!.range, rangeOf(t, '!GetAtt [Vpc, CidrBlock]'));
  assert.deepEqual(propPlain(r, 'Probe', 'VpcId'), { ref: 'Vpc', att: 'VpcId' });
  assert.equal(propPlain(r, 'Probe', 'CidrBlock'), '10.0.0.0/16');
  assert.equal(propPlain(r, 'Probe', 'AvailabilityZone'), 'us-east-1a');
  assert.deepEqual(
    (propPlain(r, 'Probe', 'Tags') as { Value: unknown }[]).map((x) => x.Value),
    [
      { ref: 'Vpc', att: 'DefaultSecurityGroup' },
      { ref: 'Vpc', att: 'DefaultNetworkAcl' },
      { unknown: 'deploy-time' },
      { unknown: 'unmodelled-attribute' },
      { ref: 'Subnet', att: 'SubnetId' },
    ],
  );
  assert.deepEqual(codes(r), []);
});

test('Fn::GetAtt: instances, ENIs, EIPs, RDS, custom resources, nested stacks', () => {
  const t = yamlTemplate({
    resources: `  Eni:
    Type: AWS::EC2::NetworkInterface
    Properties: { SubnetId: s, PrivateIpAddress: 10.0.0.9 }
  Eni2:
    Type: AWS::EC2::NetworkInterface
    Properties: { SubnetId: s }
  Ec2:
    Type: AWS::EC2::Instance
    Properties: { PrivateIpAddress: 10.0.0.7 }
  Eip:
    Type: AWS::EC2::EIP
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { Port: 5432 }
  DbNoPort:
    Type: AWS::RDS::DBInstance
  Custom:
    Type: Custom::Thing
  Nested:
    Type: AWS::CloudFormation::Stack
  Out:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Tags:
        - { Key: a, Value: !GetAtt Eni.PrimaryPrivateIpAddress }
        - { Key: b, Value: !GetAtt Eni2.PrimaryPrivateIpAddress }
        - { Key: c, Value: !GetAtt Ec2.PrivateIp }
        - { Key: d, Value: !GetAtt Ec2.PublicIp }
        - { Key: e, Value: !GetAtt Eip.AllocationId }
        - { Key: f, Value: !GetAtt Eip.PublicIp }
        - { Key: g, Value: !GetAtt Db.Endpoint.Port }
        - { Key: h, Value: !GetAtt DbNoPort.Endpoint.Port }
        - { Key: i, Value: !GetAtt Db.Endpoint.Address }
        - { Key: j, Value: !GetAtt Custom.Anything }
        - { Key: k, Value: !GetAtt Nested.Outputs.VpcId }
`,
  });
  const r = resolveText(t);
  const values = (propPlain(r, 'Out', 'Tags') as { Value: unknown }[]).map((x) => x.Value);
  assert.deepEqual(values, [
    '10.0.0.9',
    { unknown: 'deploy-time' },
    '10.0.0.7',
    { unknown: 'deploy-time' },
    { ref: 'Eip', att: 'AllocationId' },
    { unknown: 'deploy-time' },
    5432,
    { unknown: 'deploy-time' },
    { unknown: 'deploy-time' },
    { unknown: 'custom-resource-attribute' },
    { unknown: 'unmodelled-attribute' },
  ]);
  assert.deepEqual(codes(r), []);
});

test('Fn::GetAtt: bad forms and targets', () => {
  const t = yamlTemplate({
    parameters: '  P:\n    Type: String\n    Default: x\n',
    resources: `${vpc}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Tags:
        - { Key: a, Value: { "Fn::GetAtt": [Vpc] } }
        - { Key: b, Value: { "Fn::GetAtt": "Vpc" } }
        - { Key: c, Value: !GetAtt P.Value }
        - { Key: d, Value: !GetAtt Nope.CidrBlock }
`,
  });
  const r = resolveText(t);
  assert.deepEqual(
    (propPlain(r, 'Sg', 'Tags') as { Value: unknown }[]).map((x) => x.Value),
    [{ unknown: 'invalid' }, { unknown: 'invalid' }, { unknown: 'invalid' }, { unknown: 'invalid' }],
  );
  assert.deepEqual(codes(r).sort(), ['INTRINSIC_ARITY', 'INTRINSIC_INVALID', 'INTRINSIC_INVALID', 'UNDEFINED_REFERENCE']);
});

test('Fn::Sub: parameters, pseudo parameters, attributes, literals, variables, identity survives', () => {
  const t = yamlTemplate({
    parameters: '  Env:\n    Type: String\n    Default: prod\n',
    resources: `${vpc}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub '\${Env}-sg in \${Vpc.CidrBlock} \${!Literal} \${AWS::Region}'
      VpcId: !Sub '\${Vpc}'
      Tags:
        - { Key: a, Value: !Sub 'name-\${Env}-\${Vpc.CidrBlock}' }
        - { Key: b, Value: !Sub ['\${A}/\${B}', { A: !Ref Env, B: 24 }] }
        - { Key: c, Value: !Sub 'id-\${Vpc}' }
        - { Key: d, Value: !Sub 'x-\${Missing}' }
        - { Key: e, Value: !Sub '\${!Literal}' }
`,
  });
  const r = resolveText(t, { 'AWS::Region': 'eu-west-1' });
  assert.equal(propPlain(r, 'Sg', 'GroupDescription'), 'prod-sg in 10.0.0.0/16 ${Literal} eu-west-1');
  assert.deepEqual(propPlain(r, 'Sg', 'VpcId'), { ref: 'Vpc' });
  const tags = (propPlain(r, 'Sg', 'Tags') as { Value: unknown }[]).map((x) => x.Value);
  assert.deepEqual(tags, ['name-prod-10.0.0.0/16', 'prod/24', { unknown: 'deploy-time' }, { unknown: 'invalid' }, '${Literal}']);
  const c = r.unknowns.find((u) => u.property === 'Tags[2].Value')!;
  assert.match(c.reason, /physical ID of Vpc/);
  assert.deepEqual(codes(r), ['UNDEFINED_REFERENCE']);
  // Without the region, the description is unknown for that reason.
  const r2 = resolveText(t);
  assert.deepEqual(propPlain(r2, 'Sg', 'GroupDescription'), { unknown: 'pseudo-parameter' });
});

test('Fn::Join, Fn::Split, Fn::Select, Fn::Length, Fn::Base64, Fn::ToJsonString', () => {
  const t = yamlTemplate({
    parameters: '  Cidrs:\n    Type: CommaDelimitedList\n    Default: "10.0.0.0/24, 10.0.1.0/24"\n',
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !Join ['-', [a, 1, true, !Select [1, !Ref Cidrs]]]
      B: !Split [',', 'x,y,,z']
      C: !Select ['0', !Split ['/', !Select [0, !Ref Cidrs]]]
      D: !Length [1, 2, 3]
      E: !Base64 'echo hi'
      F: { "Fn::ToJsonString": { k: [1, "two", true] } }
      G: !Join ['', []]
      H: !Length { Ref: Cidrs }
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Sg', 'A'), 'a-1-true-10.0.1.0/24');
  assert.deepEqual(propPlain(r, 'Sg', 'B'), ['x', 'y', '', 'z']);
  assert.equal(propPlain(r, 'Sg', 'C'), '10.0.0.0');
  assert.equal(propPlain(r, 'Sg', 'D'), 3);
  assert.equal(propPlain(r, 'Sg', 'E'), 'echo hi');
  assert.equal(propPlain(r, 'Sg', 'F'), '{"k":[1,"two",true]}');
  assert.equal(propPlain(r, 'Sg', 'G'), '');
  assert.equal(propPlain(r, 'Sg', 'H'), 2);
  assert.deepEqual(codes(r), []);
});

test('bad arities and argument types', () => {
  const t = yamlTemplate({
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !Select [0, [a], extra]
      B: !Join ['-']
      C: !Select [5, [a, b]]
      D: !Select [x, [a, b]]
      E: !Join [[], [a]]
      F: { "Fn::Foo": 1 }
      G: !Split ['', abc]
      H: !If [OnlyOne]
      I: { Ref: [a] }
`,
  });
  const r = resolveText(t);
  for (const k of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']) assert.deepEqual(propPlain(r, 'Sg', k), { unknown: 'invalid' }, k);
  const c = codes(r);
  assert.equal(c.filter((x) => x === 'INTRINSIC_ARITY').length, 3);
  assert.ok(c.includes('SELECT_INDEX_OUT_OF_RANGE'));
  assert.ok(c.includes('INTRINSIC_UNKNOWN'));
  assert.equal(c.filter((x) => x === 'INTRINSIC_INVALID').length, 4);
  const arity = r.problems.find((p) => p.code === 'INTRINSIC_ARITY')!;
  assert.match(arity.message, /Fn::Select takes 2 arguments.*found 3/);
  assert.equal(arity.severity, 'error');
});

test('Fn::FindInMap: lookups, unknown keys, missing keys, DefaultValue', () => {
  const t = yamlTemplate({
    parameters: '  Env:\n    Type: String\n    Default: prod\n  Unset:\n    Type: String\n',
    mappings: '  Net:\n    prod: { Cidr: 10.1.0.0/16, Subnets: [10.1.0.0/24, 10.1.1.0/24] }\n',
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !FindInMap [Net, !Ref Env, Cidr]
      B: !Select [1, !FindInMap [Net, prod, Subnets]]
      C: !FindInMap [Net, !Ref Unset, Cidr]
      D: !FindInMap [Net, dev, Cidr]
      E: !FindInMap [Net, dev, Cidr, { DefaultValue: 10.9.0.0/16 }]
      F: !FindInMap [Nope, prod, Cidr]
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Sg', 'A'), '10.1.0.0/16');
  assert.equal(propPlain(r, 'Sg', 'B'), '10.1.1.0/24');
  assert.deepEqual(propPlain(r, 'Sg', 'C'), { unknown: 'parameter-without-value' });
  assert.deepEqual(propPlain(r, 'Sg', 'D'), { unknown: 'invalid' });
  assert.equal(propPlain(r, 'Sg', 'E'), '10.9.0.0/16');
  assert.deepEqual(propPlain(r, 'Sg', 'F'), { unknown: 'invalid' });
  assert.deepEqual(codes(r), ['MAPPING_KEY_MISSING', 'MAPPING_KEY_MISSING']);
  assert.deepEqual(r.problems[0].range, rangeOf(t, 'dev'));
});

test('Fn::ImportValue and Fn::Transform are unknown with reasons', () => {
  const t = yamlTemplate({
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !ImportValue shared-vpc-id
      X: { "Fn::Transform": { Name: MyMacro } }
`,
  });
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Sg', 'VpcId'), { unknown: 'import-value' });
  assert.equal(r.unknowns.find((u) => u.property === 'VpcId')!.reason, 'value exported by another stack: shared-vpc-id');
  assert.deepEqual(propPlain(r, 'Sg', 'X'), { unknown: 'deploy-time' });
});

test('Fn::Cidr: IPv4 and IPv6 exactly; bad blocks, counts and bits', () => {
  const t = yamlTemplate({
    resources: `${vpc}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]
      B: !Cidr ['2001:db8::/56', 2, 64]
      C: !Select [3, !Cidr [10.0.0.0/16, '4', '8']]
      D: !Cidr [10.0.0.0/16, 100000000, 8]
      E: !Cidr [10.0.0.0/99, 2, 8]
      F: !Cidr [10.0.0.0/24, 2, 9]
      G: !Cidr [10.0.0.0/24, 300, 2]
      H: !Cidr [10.0.0.0/30, 8, 1]
      I: !Cidr [10.0.0.0, 2, 8]
`,
  });
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Sg', 'A'), ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
  assert.deepEqual(propPlain(r, 'Sg', 'B'), ['2001:db8::/64', '2001:db8:0:1::/64']);
  assert.equal(propPlain(r, 'Sg', 'C'), '10.0.3.0/24');
  for (const k of ['D', 'E', 'F', 'G', 'H', 'I']) assert.deepEqual(propPlain(r, 'Sg', k), { unknown: 'invalid' }, k);
  assert.deepEqual(codes(r), Array(6).fill('CIDR_INVALID'));
  assert.deepEqual(r.problems[0].range, rangeOf(t, '100000000'));
  assert.deepEqual(r.problems[1].range, rangeOf(t, '10.0.0.0/99'));
});

test('Fn::GetAZs gives distinct symbolic zones; Select picks az[i]', () => {
  const t = yamlTemplate({
    resources: `  A:
    Type: AWS::EC2::Subnet
    Properties:
      AvailabilityZone: !Select [0, !GetAZs '']
      Zones: !GetAZs { Ref: 'AWS::Region' }
  B:
    Type: AWS::EC2::Subnet
    Properties:
      AvailabilityZone: !Select [1, { "Fn::GetAZs": eu-west-1 }]
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'A', 'AvailabilityZone'), '~az[0]');
  assert.equal(propPlain(r, 'B', 'AvailabilityZone'), '~az[1]');
  const zones = propPlain(r, 'A', 'Zones') as string[];
  assert.equal(zones.length, 6);
  assert.equal(new Set(zones).size, 6);
  assert.deepEqual(codes(r), []);
});

test('AWS::NoValue removes the property, list item and map entry', () => {
  const t = yamlTemplate({
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Gone: !Ref AWS::NoValue
      List: [a, !Ref AWS::NoValue, b]
      Map: { keep: 1, drop: { Ref: AWS::NoValue } }
`,
  });
  const r = resolveText(t);
  assert.equal(prop(r, 'Sg', 'Gone'), undefined);
  assert.deepEqual(propPlain(r, 'Sg', 'List'), ['a', 'b']);
  assert.deepEqual(propPlain(r, 'Sg', 'Map'), { keep: 1 });
  assert.deepEqual(codes(r), []);
});
