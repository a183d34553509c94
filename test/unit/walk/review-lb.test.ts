// Review: a load balancer accepts connections only on its listeners' ports and protocols. Before, any
// port reached it (reachable by guess); a listener port from a parameter without value leaves it unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopsText, review, traceText } from './review-helpers';

const LB = review('lb.yaml');

test('a port without a listener is ELBV2_LISTENER_PORT_RESTRICTION on the load balancer; listener ports pass', () => {
  assert.equal(traceText(LB, { from: 'Cli', to: 'Nlb', port: 443 }).verdict, 'reachable');
  assert.equal(traceText(LB, { from: 'Cli', to: 'Nlb', protocol: 'udp', port: 53 }).verdict, 'reachable');
  const t = traceText(LB, { from: 'Cli', to: 'Nlb', port: 80 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'ELBV2_LISTENER_PORT_RESTRICTION');
  assert.equal(t.blockedAt?.resource, 'Nlb');
  assert.match(t.blockedAt!.message, /no listener on tcp 80 \(its listeners are on tcp 443, udp 53\)/);
  // The protocol matters: the tcp listener on 443 does not take udp.
  assert.equal(traceText(LB, { from: 'Cli', to: 'Nlb', protocol: 'udp', port: 443 }).blockedAt?.code, 'ELBV2_LISTENER_PORT_RESTRICTION');
  // All-or-nothing over a range, naming the missing port.
  assert.match(traceText(LB, { from: 'Cli', to: 'Nlb', port: { from: 443, to: 444 } }).blockedAt!.message, /no listener on tcp 444 /);
});

test('a load balancer without any listener in the template accepts nothing', () => {
  const t = traceText(LB, { from: 'Cli', to: 'Bare', port: 443 });
  assert.equal(t.blockedAt?.code, 'ELBV2_LISTENER_PORT_RESTRICTION');
  assert.match(t.blockedAt!.message, /the template declares no listener for it/);
});

test('a listener port from a parameter without value: unknown; given, decided', () => {
  const t = traceText(LB, { from: 'Cli', to: 'Alb', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.match(t.hops.find((h) => h.decision === 'unknown')!.reason, /parameter AlbPort/);
  assert.equal(traceText(LB, { from: 'Cli', to: 'Alb', port: 443 }, { parameters: { AlbPort: '443' } }).verdict, 'reachable');
  assert.equal(traceText(LB, { from: 'Cli', to: 'Alb', port: 80 }, { parameters: { AlbPort: '443' } }).verdict, 'blocked');
});
