// The listener of an internet-facing load balancer implies a flow from the internet, walked through the load
// balancer to its targets: a target group member whose security group does not admit the load balancer is
// the one implied finding, on that group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, implied, impliedFindings } from './implied-fixtures';

const ALB = implied('alb-target-sg.yaml');

test('an ALB whose target security group misses the ALB group: one implied warning on the target group, the listener related', () => {
  const a = analyze(ALB);
  const flow = a.implied?.find((r) => r.flow.name === 'internet -> Alb tcp/80');
  assert.ok(flow, a.implied?.map((r) => r.flow.name).join(', '));
  assert.equal(flow.trace.verdict, 'blocked');
  const found = impliedFindings(a);
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  assert.equal(found[0].code, 'ENI_SG_RULES_MISMATCH');
  assert.equal(found[0].resource, 'WebSg');
  assert.ok(found[0].related.some((r) => r.message.includes('listener HttpListener of Alb')));
});

test('the target group admitting the ALB group on 8080: the listener flow and the rule flow are reachable, no finding', () => {
  const fixed = edit(ALB, ['FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref BastionSg', 'FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref AlbSg']);
  const a = analyze(fixed);
  assert.deepEqual(a.implied?.map((r) => `${r.flow.name}:${r.trace.verdict}`).sort(), ['Alb -> Web tcp/8080:reachable', 'internet -> Alb tcp/80:reachable']);
  assert.deepEqual(impliedFindings(a), []);
});
