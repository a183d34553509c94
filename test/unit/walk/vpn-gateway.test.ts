// A virtual private gateway towards an on-premises network: walked to the gateway both ways, the rest an
// assumption stated in the trace. Routes propagated from the gateway are known prefixes when every VPN
// connection is static-only, and unknown (learned over BGP) otherwise; they never beat the local route nor
// a static route to the same prefix. Each test reads the trace's hops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('vpn-gateway.yaml');
const BGP: [string, string] = ['      StaticRoutesOnly: true', '      StaticRoutesOnly: false'];
const ON_PREM = '192.168.10.5';

function show(t: TraceResult): string {
  return [...t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`), ...t.assumptions.map((a) => `assume: ${a}`)].join('\n');
}

test('app → on-premises through the propagated static VPN route: reachable, the gateway is a hop both ways, the far side an assumption', () => {
  const t = trace(TEXT, { from: 'App', to: ON_PREM, port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = hopsOf(t, 'forward').find((h) => h.resource === 'Vgw');
  assert.ok(fwd, show(t));
  assert.equal(fwd.decision, 'pass');
  assert.equal(fwd.type, 'AWS::EC2::VPNGateway');
  assert.equal(fwd.in.dst, ON_PREM);
  // The route is the one the propagation put in the table: the VPN connection's static route.
  const route = hopsOf(t, 'forward').find((h) => /most specific route/.test(h.reason));
  assert.equal(route?.resource, 'Propagation', show(t));
  assert.match(route?.reason ?? '', /192\.168\.0\.0\/16 → Vgw/, show(t));
  // The reply comes back in through the gateway and the subnet's NACL, to the instance's ephemeral port.
  const ret = hopsOf(t, 'return');
  assert.equal(ret[0]?.resource, 'Vgw', show(t));
  assert.equal(ret[0].in.src, ON_PREM);
  assert.ok(ret.some((h) => h.resource === 'Vpc' && /inbound/.test(h.reason)), show(t));
  assert.ok(t.assumptions.some((a) => /tunnels of VPN connection OfficeVpn are up and the on-premises network routes 192\.168\.10\.5/.test(a)), show(t));
});

test('on-premises → app: the reply leaves through the gateway (return hop), so SSH from the office is reachable', () => {
  const t = trace(TEXT, { from: ON_PREM, to: 'App', port: 22 });
  assert.equal(t.verdict, 'reachable', show(t));
  const back = hopsOf(t, 'return').find((h) => h.resource === 'Vgw');
  assert.ok(back, show(t));
  assert.equal(back.in.dst, ON_PREM);
});

test('the reply from on-premises meets a NACL that does not admit ephemeral ports: blocked on the return path', () => {
  const acl = edit(TEXT, [
    '  AppSg:\n',
    '  AppAcl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: !Ref Vpc\n  AppAclOut:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref AppAcl\n      RuleNumber: 100\n      Protocol: 6\n      Egress: true\n      RuleAction: allow\n      CidrBlock: 192.168.0.0/16\n      PortRange: { From: 443, To: 443 }\n  AppAclIn:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref AppAcl\n      RuleNumber: 100\n      Protocol: 6\n      RuleAction: allow\n      CidrBlock: 192.168.0.0/16\n      PortRange: { From: 22, To: 22 }\n  AppAclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n    Properties:\n      SubnetId: !Ref AppSubnet\n      NetworkAclId: !Ref AppAcl\n  AppSg:\n',
  ]);
  const t = trace(acl, { from: 'App', to: ON_PREM, port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers[0].resource, 'AppAcl', show(t));
  assert.equal(t.blockers[0].direction, 'return', show(t));
});

test('a private address no VPN route covers: no route (the static-only connection says exactly what is propagated)', () => {
  const t = trace(TEXT, { from: 'App', to: '172.16.0.5', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers[0].code, 'NO_ROUTE_TO_DESTINATION', show(t));
});

test('with BGP the propagated routes are learned at run time: on-premises flows are unknown, never "no route"', () => {
  const bgp = edit(TEXT, BGP);
  for (const to of [ON_PREM, '172.16.0.5']) {
    const t = trace(bgp, { from: 'App', to, port: 443 });
    assert.equal(t.verdict, 'unknown', show(t));
    assert.ok(t.hops.some((h) => h.decision === 'unknown' && /OfficeVpn uses BGP/.test(h.reason)), show(t));
  }
  // The local route is preferred over any propagated route: traffic inside the VPC stays decided.
  const inside = trace(bgp, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(inside.verdict, 'reachable', show(inside));
});

test('a static route to the gateway instead of propagation: reachable the same way', () => {
  const routed = edit(
    TEXT,
    ['  Propagation:\n    Type: AWS::EC2::VPNGatewayRoutePropagation\n    DependsOn: VgwAttachment\n    Properties:\n      VpnGatewayId: !Ref Vgw\n      RouteTableIds: [!Ref AppRoutes]', '  OfficeRoute:\n    Type: AWS::EC2::Route\n    DependsOn: VgwAttachment\n    Properties:\n      RouteTableId: !Ref AppRoutes\n      DestinationCidrBlock: 192.168.0.0/16\n      GatewayId: !Ref Vgw'],
  );
  const t = trace(routed, { from: 'App', to: ON_PREM, port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  // The same route without the gateway attached to the VPC: the gateway carries nothing from it.
  const detached = edit(routed, ['  VgwAttachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      VpnGatewayId: !Ref Vgw\n', ''], ['    DependsOn: VgwAttachment\n    Properties:\n      RouteTableId', '    Properties:\n      RouteTableId']);
  const d = trace(detached, { from: 'App', to: ON_PREM, port: 443 });
  assert.equal(d.verdict, 'blocked', show(d));
  assert.equal(d.blockers[0].code, 'VGW_NOT_ATTACHED', show(d));
  assert.equal(d.blockers[0].resource, 'Vgw');
});

test('a VPN route overlapping the VPC does not take its addresses from the local route, and is no deploy problem', () => {
  const overlap = edit(TEXT, ['      DestinationCidrBlock: 192.168.0.0/16', '      DestinationCidrBlock: 10.0.2.0/24']);
  const a = analyze(overlap);
  assert.ok(!a.findings.some((f) => f.code === 'VPC_LOCAL_ROUTE_CIDR_RESTRICTION'), JSON.stringify(a.findings.map((f) => f.code)));
  const t = trace(overlap, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.ok(!t.hops.some((h) => h.resource === 'Vgw'), show(t));
});

test('a static route beats a propagated route to the same prefix (an appliance route for the office range)', () => {
  const both = edit(TEXT, [
    '  AppSg:\n',
    '  Blackhole:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref AppRoutes\n      DestinationCidrBlock: 192.168.0.0/16\n      NatGatewayId: nat-0123456789abcdef0\n  AppSg:\n',
  ]);
  const t = trace(both, { from: 'App', to: ON_PREM, port: 443 });
  assert.ok(!t.hops.some((h) => h.resource === 'Vgw'), `the static route wins: ${show(t)}`);
});
