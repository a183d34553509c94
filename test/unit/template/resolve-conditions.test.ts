// Conditions: Fn::Equals as CloudFormation compares (strings after resolution), And/Or/Not, Condition
// references, unknown states, cycles, and how conditions decide resources and Fn::If values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, problem, prop, propPlain, rangeOf, resolveText, yamlTemplate } from '../../fixtures/template/resolve/helpers';

const sg = (name: string, extra = '') => `  ${name}:
    Type: AWS::EC2::SecurityGroup
${extra}`;

test('Fn::Equals compares as strings: true == "true", 1 == "1"', () => {
  const t = yamlTemplate({
    parameters: '  Flag:\n    Type: String\n    Default: "true"\n  Count:\n    Type: Number\n    Default: 1\n',
    conditions: `  BoolVsString: !Equals [true, "true"]
  NumVsString: !Equals [1, "1"]
  ParamTrue: !Equals [!Ref Flag, true]
  CountOne: !Equals [!Ref Count, "1"]
  Different: !Equals [a, b]
  CaseMatters: !Equals [Prod, prod]
`,
    resources: sg('Sg'),
  });
  const r = resolveText(t);
  assert.deepEqual(Object.fromEntries(r.conditions), {
    BoolVsString: 'true',
    NumVsString: 'true',
    ParamTrue: 'true',
    CountOne: 'true',
    Different: 'false',
    CaseMatters: 'false',
  });
  assert.deepEqual(codes(r), []);
});

test('Fn::And / Fn::Or / Fn::Not nested, Condition references, unknown propagation', () => {
  const t = yamlTemplate({
    parameters: '  Env:\n    Type: String\n    Default: prod\n  Unset:\n    Type: String\n',
    conditions: `  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Not [!Condition IsDev]]
  Either: !Or [!Condition IsDev, !Equals [x, y], !Condition Both]
  Undecided: !Equals [!Ref Unset, yes]
  AndFalseWins: !And [!Condition IsDev, !Condition Undecided]
  AndUnknown: !And [!Condition IsProd, !Condition Undecided]
  OrTrueWins: !Or [!Condition IsProd, !Condition Undecided]
  OrUnknown: !Or [!Condition IsDev, !Condition Undecided]
  NotUnknown: !Not [!Condition Undecided]
  Region: !Equals [!Ref AWS::Region, us-east-1]
`,
    resources: sg('Sg'),
  });
  const r = resolveText(t);
  assert.deepEqual(Object.fromEntries(r.conditions), {
    IsProd: 'true',
    IsDev: 'false',
    Both: 'true',
    Either: 'true',
    Undecided: 'unknown',
    AndFalseWins: 'false',
    AndUnknown: 'unknown',
    OrTrueWins: 'true',
    OrUnknown: 'unknown',
    NotUnknown: 'unknown',
    Region: 'unknown',
  });
  assert.equal(resolveText(t, { 'AWS::Region': 'us-east-1', Unset: 'yes' }).conditions.get('Region'), 'true');
  assert.equal(resolveText(t, { Unset: 'yes' }).conditions.get('OrUnknown'), 'true');
  assert.deepEqual(codes(r), []);
});

test('condition arity and undefined condition names are problems', () => {
  const t = yamlTemplate({
    conditions: `  OneAnd: !And [!Equals [a, a]]
  ThreeEquals: !Equals [a, a, a]
  TwoNot: !Not [!Equals [a, a], !Equals [a, a]]
  Missing: !Condition Nowhere
`,
    resources: sg('Sg'),
  });
  const r = resolveText(t);
  assert.deepEqual([...r.conditions.values()], ['unknown', 'unknown', 'unknown', 'unknown']);
  assert.deepEqual(codes(r), ['INTRINSIC_ARITY', 'INTRINSIC_ARITY', 'INTRINSIC_ARITY', 'UNDEFINED_REFERENCE']);
  assert.deepEqual(problem(r, 'UNDEFINED_REFERENCE')!.range, rangeOf(t, 'Nowhere'));
});

test('cycles between conditions are reported once, with a range, and are unknown', () => {
  const t = yamlTemplate({
    conditions: `  A: !Condition B
  B: !Not [!Condition C]
  C: !Condition A
  D: !Condition A
`,
    resources: sg('Sg'),
  });
  const r = resolveText(t);
  assert.deepEqual(Object.fromEntries(r.conditions), { A: 'unknown', B: 'unknown', C: 'unknown', D: 'unknown' });
  const cyc = r.problems.filter((p) => p.code === 'CIRCULAR_DEPENDENCY');
  assert.equal(cyc.length, 1);
  assert.match(cyc[0].message, /A -> B -> C -> A/);
  // The reference that closes the cycle: C's `!Condition A`.
  const at = t.indexOf('C: !Condition A') + 'C: !Condition '.length;
  assert.deepEqual(cyc[0].range, { start: at, end: at + 1 });
});

test('resource Condition: false → absent, unknown → condition unknown, Ref to absent → error', () => {
  const t = yamlTemplate({
    parameters: '  Env:\n    Type: String\n    Default: prod\n  Unset:\n    Type: String\n',
    conditions: '  IsDev: !Equals [!Ref Env, dev]\n  Maybe: !Equals [!Ref Unset, x]\n',
    resources: `  DevSg:
    Type: AWS::EC2::SecurityGroup
    Condition: IsDev
  MaybeSg:
    Type: AWS::EC2::SecurityGroup
    Condition: Maybe
  User:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref DevSg
      SourceSecurityGroupId: !If [IsDev, !Ref DevSg, !Ref MaybeSg]
`,
  });
  const r = resolveText(t);
  assert.equal(r.resources.has('DevSg'), false);
  assert.deepEqual(r.absentResources.get('DevSg'), { type: 'AWS::EC2::SecurityGroup', range: r.absentResources.get('DevSg')!.range, conditionName: 'IsDev' });
  assert.equal(r.resources.get('MaybeSg')!.condition, 'unknown');
  assert.equal(r.resources.get('MaybeSg')!.conditionName, 'Maybe');
  assert.equal(r.resources.get('User')!.condition, 'true');
  assert.deepEqual(propPlain(r, 'User', 'GroupId'), { unknown: 'invalid' });
  // The untaken branch is never evaluated, so the Ref to DevSg there is not a problem.
  assert.deepEqual(propPlain(r, 'User', 'SourceSecurityGroupId'), { ref: 'MaybeSg' });
  const p = problem(r, 'REFERENCE_TO_ABSENT_RESOURCE')!;
  assert.equal(p.severity, 'error');
  assert.deepEqual(p.range, rangeOf(t, 'DevSg', 1));
  assert.equal(r.problems.length, 1);
});

test('Fn::If: picks the branch, unknown condition → condition-unknown unless both branches equal, NoValue removes', () => {
  const t = yamlTemplate({
    parameters: '  Unset:\n    Type: String\n  Env:\n    Type: String\n    Default: prod\n',
    conditions: '  Maybe: !Equals [!Ref Unset, x]\n  IsProd: !Equals [!Ref Env, prod]\n',
    resources: `  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !If [IsProd, 10.0.0.0/16, 10.1.0.0/16]
      B: !If [Maybe, 10.0.0.0/16, 10.1.0.0/16]
      C: !If [Maybe, same, same]
      D: !If [IsProd, !Ref AWS::NoValue, kept]
      E: [a, !If [IsProd, !Ref AWS::NoValue, b]]
      F: !If [NoSuchCondition, a, b]
`,
  });
  const r = resolveText(t);
  assert.equal(propPlain(r, 'Sg', 'A'), '10.0.0.0/16');
  assert.deepEqual(propPlain(r, 'Sg', 'B'), { unknown: 'condition-unknown' });
  assert.match((prop(r, 'Sg', 'B') as { reason: string }).reason, /condition Maybe.*parameter Unset has no Default/);
  assert.equal(propPlain(r, 'Sg', 'C'), 'same');
  assert.equal(prop(r, 'Sg', 'D'), undefined);
  assert.deepEqual(propPlain(r, 'Sg', 'E'), ['a']);
  assert.deepEqual(propPlain(r, 'Sg', 'F'), { unknown: 'condition-unknown' });
  assert.deepEqual(codes(r), ['UNDEFINED_REFERENCE']);
  // Deciding the parameter decides the branch.
  assert.equal(propPlain(resolveText(t, { Unset: 'x' }), 'Sg', 'B'), '10.0.0.0/16');
  assert.equal(propPlain(resolveText(t, { Unset: 'y' }), 'Sg', 'B'), '10.1.0.0/16');
});
