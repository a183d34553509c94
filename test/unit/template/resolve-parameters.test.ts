// Parameters (defaults, overrides, types, SSM, AllowedValues) and pseudo parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, plain, problem, propPlain, rangeOf, resolveText, yamlTemplate } from '../../fixtures/template/resolve/helpers';

const params = `  DbPort:
    Type: Number
  Port:
    Type: Number
    Default: "5432"
  Name:
    Type: String
    Default: app
  Ports:
    Type: List<Number>
    Default: "80, 443"
  Cidrs:
    Type: CommaDelimitedList
    Default: "10.0.0.0/24 ,10.0.1.0/24"
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-1,subnet-2
  VpcId:
    Type: AWS::EC2::VPC::Id
    Default: vpc-123
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, dev]
`;

const resources = `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      DbPort: !Ref DbPort
      Port: !Ref Port
      Name: !Ref Name
      Ports: !Ref Ports
      Cidrs: !Ref Cidrs
      SubnetIds: !Ref SubnetIds
      VpcId: !Ref VpcId
      Ami: !Ref Ami
      Env: !Ref Env
`;

test('defaults, typed as CloudFormation types them', () => {
  const t = yamlTemplate({ parameters: params, resources });
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Sg', 'DbPort'), { unknown: 'parameter-without-value' });
  assert.equal(propPlain(r, 'Sg', 'Port'), 5432);
  assert.equal(propPlain(r, 'Sg', 'Name'), 'app');
  assert.deepEqual(propPlain(r, 'Sg', 'Ports'), [80, 443]);
  assert.deepEqual(propPlain(r, 'Sg', 'Cidrs'), ['10.0.0.0/24', '10.0.1.0/24']);
  assert.deepEqual(propPlain(r, 'Sg', 'SubnetIds'), ['subnet-1', 'subnet-2']);
  assert.equal(propPlain(r, 'Sg', 'VpcId'), 'vpc-123');
  // The Default of an SSM parameter is the key, not the value.
  assert.deepEqual(propPlain(r, 'Sg', 'Ami'), { unknown: 'ssm-parameter' });
  assert.equal(propPlain(r, 'Sg', 'Env'), 'prod');
  assert.deepEqual(plain(r.parameters.get('Port')!.value), 5432);
  assert.equal(r.parameters.get('Ports')!.type, 'List<Number>');
  const u = r.unknowns.find((x) => x.property === 'DbPort')!;
  assert.equal(u.reason, 'parameter DbPort has no Default and no value was given');
  // The unknown is recorded where it is used, not where the parameter is declared.
  assert.deepEqual(u.range, rangeOf(t, '!Ref DbPort'));
  assert.deepEqual(codes(r), []);
});

test('overrides are strings, typed like defaults; SSM overridden is known', () => {
  const t = yamlTemplate({ parameters: params, resources });
  const r = resolveText(t, { DbPort: '3306', Ports: '22', Cidrs: '', Ami: 'ami-1', Name: 'x, y' });
  assert.equal(propPlain(r, 'Sg', 'DbPort'), 3306);
  assert.deepEqual(propPlain(r, 'Sg', 'Ports'), [22]);
  assert.deepEqual(propPlain(r, 'Sg', 'Cidrs'), []);
  assert.equal(propPlain(r, 'Sg', 'Ami'), 'ami-1');
  assert.equal(propPlain(r, 'Sg', 'Name'), 'x, y');
  assert.deepEqual(r.unknowns, []);
  assert.deepEqual(codes(r), []);
});

test('bad overrides: undeclared name (warning), AllowedValues violated, not a number', () => {
  const t = yamlTemplate({ parameters: params, resources });
  const r = resolveText(t, { Enn: 'prod', Env: 'staging', Port: 'eighty' });
  const undeclared = problem(r, 'PARAMETER_UNDECLARED')!;
  assert.equal(undeclared.severity, 'warning');
  assert.match(undeclared.message, /Enn.*did you mean Env/);
  const allowed = problem(r, 'PARAMETER_NOT_ALLOWED')!;
  assert.equal(allowed.severity, 'error');
  assert.match(allowed.message, /"staging".*prod, dev/);
  assert.ok(codes(r).includes('PARAMETER_INVALID'));
  assert.deepEqual(propPlain(r, 'Sg', 'Port'), { unknown: 'invalid' });
  // Pseudo parameters may be given without being declared.
  assert.deepEqual(codes(resolveText(t, { 'AWS::Region': 'us-east-1' })), []);
});

test('pseudo parameters: unknown unless given by their exact name', () => {
  const t = yamlTemplate({
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Region: !Ref AWS::Region
      Account: !Ref AWS::AccountId
      Stack: !Ref AWS::StackName
      StackId: !Ref AWS::StackId
      Partition: !Ref AWS::Partition
      Suffix: !Ref AWS::URLSuffix
      Arns: !Ref AWS::NotificationARNs
`,
  });
  const r = resolveText(t);
  for (const k of ['Region', 'Account', 'Stack', 'StackId', 'Partition', 'Suffix', 'Arns']) {
    assert.deepEqual(propPlain(r, 'Sg', k), { unknown: 'pseudo-parameter' }, k);
  }
  assert.equal(r.unknowns.length, 7);
  const g = resolveText(t, { 'AWS::Region': 'eu-central-1', 'AWS::AccountId': '123456789012', 'AWS::NotificationARNs': 'a,b' });
  assert.equal(propPlain(g, 'Sg', 'Region'), 'eu-central-1');
  assert.equal(propPlain(g, 'Sg', 'Account'), '123456789012');
  assert.deepEqual(propPlain(g, 'Sg', 'Arns'), ['a', 'b']);
  assert.deepEqual(propPlain(g, 'Sg', 'Partition'), { unknown: 'pseudo-parameter' });
});
