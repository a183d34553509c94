// Review: security-group rules written as Fn::If [Cond, rule, AWS::NoValue] with an undecided Condition.
// They were dropped from the model, so flows that depend on them were blocked by guess; now they stay
// as undecided rules (unknown verdict), and `--param` decides them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const TEXT = review('conditional-rules.yaml');

test('an ingress rule under an undecided Fn::If: unknown with the condition as the reason; decided both ways by the parameter', () => {
  const t = traceText(TEXT, { from: 'Cli', to: 'Web', port: 22 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.resource, 'Sg');
  assert.match(hop!.reason, /condition IsProd/);
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'Web', port: 22 }, { parameters: { Env: 'prod' } }).verdict, 'reachable');
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'Web', port: 22 }, { parameters: { Env: 'dev' } }).verdict, 'blocked');
  // The unconditional rule still decides its own port.
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'Web', port: 443 }).verdict, 'reachable');
});

test('the only egress rule under an undecided Fn::If: whether the default allow-all egress stays is unknown', () => {
  const t = traceText(TEXT, { from: 'Egress', to: 'Web', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.ok(t.assumptions.some((a) => /OnlyCondEgress's egress rules cannot be decided/.test(a)), t.assumptions.join('\n'));
  // prod: the rule exists and removes the default egress; 443 is allowed, 22 is not.
  assert.equal(traceText(TEXT, { from: 'Egress', to: 'Web', port: 443 }, { parameters: { Env: 'prod' } }).verdict, 'reachable');
  const p22 = traceText(TEXT, { from: 'Egress', to: 'Web', port: 22 }, { parameters: { Env: 'prod' } });
  assert.equal(p22.blockedAt?.resource, 'OnlyCondEgress');
  // dev: no egress rule is declared, so the default allow-all egress stays.
  const dev = traceText(TEXT, { from: 'Egress', to: 'Web', port: 22 }, { parameters: { Env: 'dev' } });
  assert.notEqual(dev.blockedAt?.resource, 'OnlyCondEgress', hopsText(dev));
});

test('a whole SecurityGroupIngress list under an undecided Fn::If: unknown, not "no ingress rule"', () => {
  const t = traceText(TEXT, { from: 'Cli', to: 'WholeListI', port: 22 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'WholeListI', port: 22 }, { parameters: { Env: 'prod' } }).verdict, 'reachable');
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'WholeListI', port: 22 }, { parameters: { Env: 'dev' } }).blockedAt?.code, 'SG_HAS_NO_RULES');
});

test('an endpoint under an undecided Condition is walked as existing, and the trace says so', () => {
  const t = traceText(TEXT, { from: 'CondCli', to: 'Web', port: 443 });
  assert.equal(t.verdict, 'reachable');
  assert.ok(t.assumptions.some((a) => /CondCli is assumed to exist \(its Condition is not decided/.test(a)), t.assumptions.join('\n'));
});

test('a flow from an endpoint whose Condition is false says it is not created (not "cannot use as an endpoint yet")', () => {
  const t = traceText(TEXT, { from: 'CondCli', to: 'Web', port: 443 }, { parameters: { Env: 'dev' } });
  assert.equal(t.verdict, 'unknown');
  assert.ok(t.assumptions.some((a) => /CondCli is not created: its Condition IsProd is false/.test(a)), t.assumptions.join('\n'));
});
