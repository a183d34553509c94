// After the first drop the walk goes on to find further blockers; every later hop says so
// (`afterDrop: true` in the trace JSON), the CLI text sets those hops apart, and so does the trace view,
// so that no later "pass" (or a gateway that "sends the packet to the internet") reads as a packet that
// got through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTraceHtml } from '../../../client/src/trace-html';
import { traceText, AFTER_DROP_LINE } from '../../../server/src/features/trace-text';
import { edit, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('prefix-lists.yaml');

test('every hop after the first drop carries afterDrop, none before it; a reachable trace has none', () => {
  const t = trace(TEXT, { from: 'App', to: '203.0.113.10', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  const first = t.hops.findIndex((h) => h.decision === 'drop');
  assert.ok(first >= 0);
  t.hops.forEach((h, i) => assert.equal(h.afterDrop === true, i > first, `hop ${i} ${h.resource} ${h.decision}`));
  // The internet gateway's later "translates and sends the packet" hop is marked.
  assert.ok(t.hops.slice(first + 1).some((h) => h.resource === 'Igw' && h.decision === 'pass' && h.afterDrop), hopsText(t));
  const ok = trace(TEXT, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(ok.verdict, 'reachable');
  assert.ok(ok.hops.every((h) => h.afterDrop === undefined));
  assert.ok(!JSON.stringify(ok).includes('afterDrop'));
});

test('the text trace sets the hops after the drop apart; the trace view shows a separator row', () => {
  const t = trace(TEXT, { from: 'App', to: '203.0.113.10', port: 443 });
  const text = traceText(t, { from: 'App', to: '203.0.113.10', protocol: 'tcp', port: '443' });
  assert.ok(text.includes(AFTER_DROP_LINE), text);
  const before = text.slice(0, text.indexOf(AFTER_DROP_LINE));
  assert.match(before, /DROP/);
  assert.match(text, /\[after the drop\]/);
  const html = renderTraceHtml({ uri: 'file:///t.yaml', from: 'App', to: '203.0.113.10', protocol: 'tcp', port: 443 } as never, t, { nonce: 'n', cspSource: 'c', canSave: false });
  assert.match(html, /<tr class="after-drop-separator">/);
  assert.match(html, /After the drop, looking for further blockers/);
  const ok = trace(edit(TEXT, ['DestinationPrefixListId: !GetAtt Corp.PrefixListId\n      GatewayId: !Ref Igw', 'DestinationPrefixListId: !GetAtt Corp.PrefixListId\n      NatGatewayId: !Ref Nat']), { from: 'App', to: '203.0.113.10', port: 443 });
  assert.equal(ok.verdict, 'reachable', hopsText(ok));
  assert.ok(!traceText(ok, { from: 'App', to: '203.0.113.10', protocol: 'tcp', port: '443' }).includes(AFTER_DROP_LINE));
  assert.doesNotMatch(renderTraceHtml({ uri: 'file:///t.yaml', from: 'App', to: 'x', protocol: 'tcp', port: 443 } as never, ok, { nonce: 'n', cspSource: 'c', canSave: false }), /<tr class="after-drop-separator">/);
});
