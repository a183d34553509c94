// A map or a scalar where CloudFormation expects a list makes the stack fail to deploy: the model reports it
// (MODEL_BAD_VALUE, at the value) instead of silently reading a one-item list, and still reads what it can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureText, model, slice } from './model-fixtures';

const m = model('list-as-map.yaml');
const text = fixtureText('list-as-map.yaml');

test('a map given for SecurityGroupIngress is a problem at the map, and its rule is still read', () => {
  const p = m.problems.filter((x) => x.code === 'MODEL_BAD_VALUE' && x.message.startsWith('Sg.SecurityGroupIngress'));
  assert.equal(p.length, 1);
  assert.equal(p[0].severity, 'error');
  assert.match(p[0].message, /must be a list, but it is a map/);
  assert.match(slice(text, p[0].range), /^IpProtocol: tcp/);
  const ingress = m.index.securityGroup.get('Sg')!.rules.filter((r) => r.direction === 'ingress');
  assert.equal(ingress.length, 1);
  assert.deepEqual(ingress[0].ports, { from: 1, to: 2 });
});

test('a problem is reported once even when the builder reads the property twice (egress decides rules and default egress)', () => {
  assert.equal(m.problems.filter((x) => x.message.startsWith('Sg.SecurityGroupEgress must be a list')).length, 1);
  assert.equal(m.index.securityGroup.get('Sg')!.rules.filter((r) => r.direction === 'egress' && !r.implicitDefaultEgress).length, 1);
  const keys = m.problems.map((x) => `${x.code}@${x.range.start}:${x.range.end}:${x.message}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('a map given for a Lambda VpcConfig.SubnetIds is a problem too', () => {
  assert.ok(m.problems.some((x) => x.code === 'MODEL_BAD_VALUE' && x.message.startsWith('Fn.VpcConfig.SubnetIds must be a list')));
});
