// Hostile and bad input: the resolver never throws, bounds what it produces, and stays iterative on
// long dependency chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, propPlain, resolveText, yamlTemplate } from '../../fixtures/template/resolve/helpers';

test('a Fn::Join bigger than 1 MiB is refused with a problem, not built', () => {
  const big = 'x'.repeat(2000);
  const items = Array.from({ length: 1000 }, () => `"${big}"`).join(', ');
  const t = yamlTemplate({ resources: `  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      A: !Join ['${big}', [${items}]]\n` });
  const r = resolveText(t);
  assert.deepEqual(propPlain(r, 'Sg', 'A'), { unknown: 'invalid' });
  assert.deepEqual(codes(r), ['INTRINSIC_INVALID']);
});

test('deeply nested intrinsics do not overflow', () => {
  let v = '"a"';
  for (let i = 0; i < 80; i++) v = `{ "Fn::Select": [0, [${v}]] }`;
  const t = `{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": { "Sg": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "A": ${v} } } } }`;
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Sg', 'A'), 'a');
});

test('a chain of 5000 resources each taking the previous CidrBlock resolves without recursion limits', () => {
  const n = 5000;
  let res = '  R0:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n';
  // Declared in reverse so that every GetAtt points at a resource declared later.
  const lines: string[] = [];
  for (let i = n - 1; i >= 1; i--) lines.push(`  R${i}:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: !GetAtt R${i - 1}.CidrBlock\n`);
  res = lines.join('') + res.replace('AWS::EC2::VPC', 'AWS::EC2::Subnet');
  const r = resolveText(yamlTemplate({ resources: res }));
  assert.equal(r.resources.size, n);
  assert.equal(propPlain(r, `R${n - 1}`, 'CidrBlock'), '10.0.0.0/16');
  assert.deepEqual(codes(r), []);
});

test('garbage in every section yields problems, never an exception', () => {
  const inputs = [
    "AWSTemplateFormatVersion: '2010-09-09'\nParameters: [1]\nConditions: 3\nMappings: x\nResources: {}\nOutputs: [a]\n",
    "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  P: 3\n  Q: { Type: Number, Default: [1] }\nResources:\n  A: { Type: 7, Condition: [x] }\n",
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::EC2::VPC\n    DependsOn: [Nope, { x: 1 }]\n    Properties: !If [Missing, { a: 1 }, [b]]\n",
    "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  C: !Equals [!GetAtt A.B, !Cidr [x]]\nResources:\n  A:\n    Type: AWS::EC2::VPC\n    Condition: C\n    Properties: { X: !Sub [1, 2], Y: !Sub ['${a}', []], Z: !GetAtt [1, 2], W: !Split [1, [a]] }\n",
    '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::EC2::VPC", "Properties": {"X": {"Fn::Length": 5}, "Y": {"Fn::ToJsonString": {"Ref": "Zed"}}, "Z": {"Fn::FindInMap": [1]}}}}}',
  ];
  for (const text of inputs) {
    const r = resolveText(text);
    assert.ok(r.problems.length > 0, text);
    assert.ok(!codes(r).includes('RESOLVE_INTERNAL_ERROR'), `${text}\n${JSON.stringify(r.problems)}`);
  }
});

test('thousands of undefined references: problems are capped and the run stays bounded', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `Name${i}`);
  const decl = names.map((n) => `  ${n}:\n    Type: AWS::EC2::VPC\n`).join('');
  const users = names.map((n, i) => `  U${i}:\n    Type: AWS::EC2::Subnet\n    Properties: { VpcId: !Ref X${n} }\n`).join('');
  const r = resolveText(yamlTemplate({ resources: decl + users }));
  assert.equal(r.problems.length, 1001);
  assert.equal(r.problems[1000].code, 'TOO_MANY_PROBLEMS');
  assert.equal(r.unknowns.length, 3000);
  // Early problems still carry suggestions.
  assert.match(r.problems[0].message, /did you mean Name0/);
});
