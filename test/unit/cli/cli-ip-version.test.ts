// `trace --ip-version 6`: the flow is walked over IPv6 (`internet` is the IPv6 internet); a bad value is a
// usage error (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliJson } from './run-cli';

const FILE = 'test/fixtures/walk/ipv6-dual-stack.yaml';

test('trace --ip-version 6 walks over IPv6: out through the egress-only gateway (exit 0), in from the IPv6 internet blocked at it (exit 1)', () => {
  const out = cliJson(['trace', FILE, '--from', 'Worker', '--to', 'internet', '--port', '443', '--ip-version', '6', '--format', 'json']);
  assert.equal(out.run.status, 0, out.run.stderr);
  assert.equal(out.data.verdict, 'reachable');
  assert.ok(out.data.hops.some((h: { resource: string }) => h.resource === 'Eigw'));
  const into = cliJson(['trace', FILE, '--from', 'internet', '--to', 'Worker', '--port', '22', '--ip-version', '6', '--format', 'json']);
  assert.equal(into.run.status, 1);
  assert.equal(into.data.blockedAt.code, 'EGRESS_ONLY_IGW_NO_INBOUND');
  // Over IPv4 (the default) its group has no IPv4 egress and its subnet no IPv4 route out.
  const v4 = cliJson(['trace', FILE, '--from', 'Worker', '--to', 'internet', '--port', '443', '--format', 'json']);
  assert.equal(v4.run.status, 1);
  assert.deepEqual(v4.data.blockers.map((b: { code: string }) => b.code), ['ENI_SG_RULES_MISMATCH', 'NO_ROUTE_TO_DESTINATION']);
});

test('trace --ip-version with another value than 4 or 6 is a usage error', () => {
  const r = cli(['trace', FILE, '--from', 'Worker', '--to', 'internet', '--port', '443', '--ip-version', '5']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--ip-version/);
});
