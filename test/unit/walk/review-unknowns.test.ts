// Review: an unknown value makes a verdict unknown only when it could change it. A port that no rule,
// known or unknown, can admit is dropped whatever the template's open values turn out to be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const TEXT = review('unknown-peer.yaml');

test('SG: a rule whose peer is unknown decides only its own ports; a port it cannot cover is dropped (blocked, not unknown)', () => {
  const one = traceText(TEXT, { from: 'Cli', to: 'Srv', port: 80 });
  assert.equal(one.verdict, 'unknown', hopsText(one));
  const two = traceText(TEXT, { from: 'Cli', to: 'Srv', port: { from: 80, to: 81 } });
  assert.equal(two.verdict, 'blocked', hopsText(two));
  assert.equal(two.blockedAt?.resource, 'SgSrv');
  assert.equal(two.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.match(two.blockedAt!.message, /tcp 81 from 10\.0\.1\.11/);
  assert.doesNotMatch(two.blockedAt!.message, /tcp 80-81/);
  const given = traceText(TEXT, { from: 'Cli', to: 'Srv', port: 80 }, { parameters: { Peer: '10.0.1.0/24' } });
  assert.equal(given.verdict, 'reachable', hopsText(given));
  const other = traceText(TEXT, { from: 'Cli', to: 'Srv', port: 80 }, { parameters: { Peer: '10.0.2.0/24' } });
  assert.equal(other.verdict, 'blocked', hopsText(other));
});

test('NACL: the same shape is already right (kept as a regression): 80 unknown, 80-81 blocked on 81', () => {
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'Srv2', port: 80 }).verdict, 'unknown');
  const t = traceText(TEXT, { from: 'Cli', to: 'Srv2', port: { from: 80, to: 81 } });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.resource, 'Nacl');
  assert.match(t.blockedAt!.message, /no inbound rule allows tcp 81 from 10\.0\.1\.11/);
  assert.equal(traceText(TEXT, { from: 'Cli', to: 'Srv2', port: 80 }, { parameters: { Peer: '10.0.1.0/24' } }).verdict, 'reachable');
});
