// Review: "Expect: blocked means nothing gets through" (docs/architecture.md, "Declared flows"). A blocked verdict only says that
// some placement, port or source port fails; when another part passes every check, the declared flow is
// not as expected and gets FLOW_UNEXPECTEDLY_REACHABLE naming the part that passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { review } from './review-helpers';

const a = analyzeText(review('expect-blocked.yaml'));
const result = (name: string) => a.flows.find((f) => f.flow.name === name)!;
const finding = (name: string) => a.findings.find((f) => f.flows?.includes(name));

test('a Lambda over two subnets, one of which reaches the target: declared blocked → FLOW_UNEXPECTEDLY_REACHABLE', () => {
  const r = result('fn-to-b');
  assert.equal(r.trace.verdict, 'blocked');
  assert.equal(r.asExpected, false);
  assert.ok(r.partlyReachable);
  const f = finding('fn-to-b');
  assert.equal(f?.code, 'FLOW_UNEXPECTEDLY_REACHABLE');
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /declared blocked, but part of it gets through: Fn in /);
});

test('a port range of which one port passes: the finding names the passing port', () => {
  const f = finding('a-to-b-range');
  assert.equal(f?.code, 'FLOW_UNEXPECTEDLY_REACHABLE');
  assert.match(f!.message, /A in ASubnet → B in BSubnet, tcp 8080 \(of 8080-8081\) passes every check/);
  assert.ok(f!.related.some((x) => /SUBNET_ACL_RESTRICTION/.test(x.message)));
});

test('flows where nothing passes stay as expected, with no finding', () => {
  for (const name of ['fn-to-c', 'a-to-b-8081']) {
    const r = result(name);
    assert.equal(r.trace.verdict, 'blocked', name);
    assert.equal(r.asExpected, true, name);
    assert.equal(r.partlyReachable, undefined, name);
    assert.equal(finding(name), undefined, name);
  }
});

test('a blocked part plus a part whose outcome is open: not "as expected", a warning naming the open part', () => {
  const r = result('fn-to-d');
  assert.equal(r.trace.verdict, 'blocked');
  assert.equal(r.asExpected, false);
  assert.equal(r.partlyReachable, undefined);
  assert.match(r.partlyUndecided!, /parameter Peer/);
  const f = finding('fn-to-d');
  assert.equal(f?.code, 'ASSUMPTION_UNRESOLVED_VALUE');
  assert.equal(f?.severity, 'warning');
  assert.match(f!.message, /declared blocked; part of it is dropped .* but whether the rest gets through cannot be decided/);
  // Given a value that admits Fn, part of the flow gets through; given one that does not, nothing does.
  const open = analyzeText(review('expect-blocked.yaml'), { parameters: { Peer: '10.0.0.0/16' } });
  assert.equal(open.findings.find((x) => x.flows?.includes('fn-to-d'))?.code, 'FLOW_UNEXPECTEDLY_REACHABLE');
  const shut = analyzeText(review('expect-blocked.yaml'), { parameters: { Peer: '192.168.0.0/16' } });
  assert.equal(shut.flows.find((x) => x.flow.name === 'fn-to-d')?.asExpected, true);
});
