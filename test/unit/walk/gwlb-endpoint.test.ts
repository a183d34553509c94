// Gateway Load Balancer endpoints as middlebox hops: a route to the endpoint sends the packet to its subnet
// (no security group), the appliances behind the endpoint service's Gateway Load Balancer are assumed to
// pass it and send it back unchanged (named in the trace, not evaluated), and the endpoint's subnet route
// table carries it on. Ingress routing brings what enters through the internet gateway the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import { modelText, modelView } from '../../../server/src/model/view';
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

/** A chain of `n` Gateway Load Balancer endpoints, each subnet's table sending the internet to the next one. */
function chain(n: number): string {
  const r: string[] = [
    'Resources:',
    '  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.5.0.0/16}}',
    '  Igw: {Type: AWS::EC2::InternetGateway}',
    '  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}',
  ];
  for (let i = 0; i <= n; i++) {
    r.push(`  S${i}: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.5.${i}.0/24, AvailabilityZone: us-east-1a}}`);
    r.push(`  Rt${i}: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}`);
    r.push(`  A${i}: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref S${i}, RouteTableId: !Ref Rt${i}}}`);
    if (i > 0) r.push(`  E${i}: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcEndpointType: GatewayLoadBalancer, VpcId: !Ref Vpc, ServiceName: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0, SubnetIds: [!Ref S${i}]}}`);
    const next = i < n ? `VpcEndpointId: !Ref E${i + 1}` : 'GatewayId: !Ref Igw';
    r.push(`  R${i}: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt${i}, DestinationCidrBlock: 0.0.0.0/0, ${next}}}`);
  }
  return r.join('\n') + '\n';
}

test('a chain of eight endpoints is walked to the internet gateway; a ninth is taken as a routing loop', () => {
  const eight = trace(chain(8), { from: 'S0', to: '8.8.8.8', port: 443 });
  assert.equal(eight.hops.filter((h) => h.direction === 'forward' && h.code === 'PATH_THROUGH_GWLB_NOT_CHECKED').length, 8, show(eight));
  assert.ok(!eight.blockers.some((b) => b.code === 'MIDDLEBOX_ROUTING_LOOP'), show(eight));
  assert.ok(hopsOf(eight, 'forward').some((h) => h.resource === 'Igw'), show(eight));
  const nine = trace(chain(9), { from: 'S0', to: '8.8.8.8', port: 443 });
  assert.equal(nine.verdict, 'blocked', show(nine));
  assert.equal(nine.blockedAt?.code, 'MIDDLEBOX_ROUTING_LOOP');
  assert.equal(nine.blockedAt?.resource, 'Rt8');
  assert.match(nine.blockedAt!.message, /gone through 8 middlebox endpoints/);
});

test('packetwalk model shows the middlebox endpoints: a route names firewall endpoint i, a GWLB endpoint its service and load balancer', () => {
  const fw = modelView(analyze(fixture('firewall-distributed.yaml')).model!);
  const rt = fw.routeTables.find((t) => (t as { id: string }).id === 'ProtectedRt') as { routes: Array<{ id: string; target: unknown }> };
  assert.deepEqual(rt.routes.find((r) => r.id === 'ProtectedDefault')?.target, { kind: 'vpc-endpoint', id: 'Firewall', firewallEndpoint: 0 });
  assert.match(modelText(analyze(fixture('firewall-distributed.yaml')).model!), /0\.0\.0\.0\/0 +-> +vpc-endpoint Firewall endpoint 0/);
  const g = modelView(analyze(TEXT).model!).endpoints.find((e) => (e as { id: string }).id === 'InspectionEndpoint') as { inspection: unknown };
  assert.deepEqual(g.inspection, { kind: 'gwlb', service: 'InspectionService', loadBalancers: ['Gwlb'] });
});
