// Gateway Load Balancer endpoints as middlebox hops: a route to the endpoint sends the packet to its subnet
// (no security group), the appliances behind the endpoint service's Gateway Load Balancer are assumed to
// pass it and send it back unchanged (named in the trace, not evaluated), and the endpoint's subnet route
// table carries it on. Ingress routing brings what enters through the internet gateway the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('gwlb-appliance.yaml');

function show(t: TraceResult): string {
  return [...t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`), ...t.assumptions].join('\n');
}

test('protected instance → internet through the Gateway Load Balancer endpoint and back through it; the appliance is named in the stated assumption', () => {
  const t = trace(TEXT, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  const ep = hopAt(t, 'InspectionEndpoint', 'forward');
  assert.equal(ep.code, 'PATH_THROUGH_GWLB_NOT_CHECKED');
  assert.equal(ep.type, 'AWS::EC2::VPCEndpoint');
  assert.equal(ep.out.src, '10.2.1.10');
  const fwd = hopsOf(t, 'forward').map((h) => h.resource);
  assert.ok(fwd.indexOf('InspectionEndpoint') < fwd.indexOf('EndpointDefault') && fwd.indexOf('EndpointDefault') < fwd.indexOf('Igw'), fwd.join(' → '));
  assert.equal(hopAt(t, 'Igw', 'forward').out.src, 'EIP WebEip');
  assert.ok(hopsOf(t, 'return').some((h) => h.resource === 'InspectionEndpoint'), show(t));
  assert.ok(t.assumptions.some((a) => /Gateway Load Balancer endpoint InspectionEndpoint \(endpoint service InspectionService, Gateway Load Balancer Gwlb, appliances Appliance\)/.test(a)), t.assumptions.join('\n'));
  // The endpoint has no security group: no security-group hop of its own.
  assert.ok(!t.hops.some((h) => h.type === 'AWS::EC2::SecurityGroup' && h.reason.includes('InspectionEndpoint')), show(t));
});

test('internet → protected instance through ingress routing and the endpoint, both ways', () => {
  const t = trace(TEXT, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.deepEqual(hopsOf(t, 'forward').slice(0, 3).map((h) => h.resource), ['Igw', 'IngressToProtected', 'Vpc']);
  assert.ok(hopsOf(t, 'forward').some((h) => h.resource === 'InspectionEndpoint'));
  assert.ok(hopsOf(t, 'return').some((h) => h.resource === 'InspectionEndpoint'));
});

test('without ingress routing the reply bypasses the endpoint: blocked as asymmetric', () => {
  const text = edit(TEXT, ['  IngressAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref Igw\n      RouteTableId: !Ref IngressRt\n', '']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.match(t.blockedAt!.message, /Gateway Load Balancer endpoint InspectionEndpoint/);
});

test('the endpoint\'s service outside the template: the assumption says the appliances are not declared; the endpoint as a flow end answers nothing', () => {
  const text = edit(TEXT, ['      ServiceName: !Sub com.amazonaws.vpce.${AWS::Region}.${InspectionService}\n', '      ServiceName: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0\n']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.ok(t.assumptions.some((a) => /its endpoint service is not declared in the template/.test(a)), t.assumptions.join('\n'));
  const to = trace(TEXT, { from: 'Web', to: 'InspectionEndpoint', port: 443 });
  assert.equal(to.verdict, 'blocked', show(to));
  assert.equal(to.blockedAt?.code, 'MIDDLEBOX_NOT_A_DESTINATION');
});
