// A private address that no VPC of the template holds (a peer VPC's range, on-premises behind a VPN) is
// a valid flow end, walked, not refused: the routes decide. No route: blocked; a route to the internet
// gateway: blocked there (it does not forward to RFC 1918 addresses); a route to a peering connection,
// transit gateway or virtual private gateway: unknown (UNSUPPORTED_COMPONENT) until those are walked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEndpoint } from '../../../server/src/walk/endpoints';
import { analyze, edit, firstNonPass, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('two-vpcs.yaml');
// A virtual private gateway attached to VpcA with a route to on-premises 192.168.0.0/16 in RtA.
const WITH_VGW = edit(TEXT, [
  '  SgA:\n',
  '  Vgw:\n    Type: AWS::EC2::VPNGateway\n    Properties:\n      Type: ipsec.1\n  VgwAttach:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref VpcA\n      VpnGatewayId: !Ref Vgw\n  OnPrem:\n    Type: AWS::EC2::Route\n    DependsOn: VgwAttach\n    Properties:\n      RouteTableId: !Ref RtA\n      DestinationCidrBlock: 192.168.0.0/16\n      GatewayId: !Ref Vgw\n  SgA:\n',
]);

test('a private address outside every VPC is a valid endpoint (not a usage error)', () => {
  assert.equal(checkEndpoint(analyze(TEXT).model!, '192.168.1.10'), null);
});

test('no route to it: blocked; through the internet gateway or a NAT gateway: blocked at the internet gateway', () => {
  const viaIgw = trace(TEXT, { from: 'WebA', to: '192.168.1.10', port: 443 });
  assert.equal(viaIgw.verdict, 'blocked', hopsText(viaIgw));
  assert.equal(viaIgw.blockedAt?.code, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  const viaNat = trace(TEXT, { from: 'WorkerA', to: '172.16.0.10', port: 443 });
  assert.equal(viaNat.verdict, 'blocked', hopsText(viaNat));
  assert.equal(viaNat.blockedAt?.code, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  const none = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref NatA', '      DestinationCidrBlock: 203.0.113.0/24\n      NatGatewayId: !Ref NatA']);
  const t = trace(none, { from: 'WorkerA', to: '192.168.1.10', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'RtA2');
});

test('a route to a virtual private gateway without a VPN connection in the template: unknown both ways; with one: reachable, the far side assumed; without the route: blocked', () => {
  const out = trace(WITH_VGW, { from: 'WebA', to: '192.168.1.10', port: 443 });
  assert.equal(out.verdict, 'unknown', hopsText(out));
  assert.match(firstNonPass(out)?.reason ?? '', /no AWS::EC2::VPNConnection of the template uses virtual private gateway Vgw/);
  const into = trace(WITH_VGW, { from: '192.168.1.10', to: 'WebA', port: 443 });
  assert.equal(into.verdict, 'unknown', hopsText(into));
  assert.equal(firstNonPass(into)?.direction, 'return');
  const withVpn = edit(WITH_VGW, ['  SgA:\n', '  Office:\n    Type: AWS::EC2::CustomerGateway\n    Properties:\n      Type: ipsec.1\n      BgpAsn: 65000\n      IpAddress: 203.0.113.12\n  OfficeVpn:\n    Type: AWS::EC2::VPNConnection\n    Properties:\n      Type: ipsec.1\n      CustomerGatewayId: !Ref Office\n      VpnGatewayId: !Ref Vgw\n  SgA:\n']);
  for (const t of [trace(withVpn, { from: 'WebA', to: '192.168.1.10', port: 443 }), trace(withVpn, { from: '192.168.1.10', to: 'WebA', port: 443 })]) {
    assert.equal(t.verdict, 'reachable', hopsText(t));
    assert.ok(t.assumptions.some((a) => /tunnels of VPN connection OfficeVpn are up/.test(a)), hopsText(t));
  }
  const noWayIn = trace(TEXT, { from: '192.168.1.10', to: 'WorkerA', port: 443 });
  assert.equal(noWayIn.verdict, 'blocked', hopsText(noWayIn));
});

test('a public address the template\'s own Elastic IP is given: not walked as "the internet" (NAT reflection), unknown with the reason', () => {
  const text = fixture('prefix-lists.yaml');
  const t = trace(text, { from: 'App', to: '3.224.9.52', port: 443 }, { publicIps: { NatEip: '3.224.9.52' } });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.ok(t.assumptions.some((a) => /NAT reflection/.test(a)), hopsText(t));
  assert.equal(trace(text, { from: 'App', to: '3.224.9.53', port: 443 }, { publicIps: { NatEip: '3.224.9.52' } }).verdict, 'reachable');
});
