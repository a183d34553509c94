// AWS Network Firewall endpoints as middlebox hops: a route to a firewall endpoint (picked out of the
// firewall's EndpointIds) sends the packet into the firewall subnet, the firewall's policy is assumed to
// pass it (stated, not evaluated), and the firewall subnet's route table carries it on, unchanged. The
// internet gateway's edge-associated route table (ingress routing) sends what comes in through the firewall
// too. Both directions must use the same endpoint: an asymmetric flow is dropped (MIDDLEBOX_ASYMMETRIC_ROUTING).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('firewall-distributed.yaml');
const PICK0 = "VpcEndpointId: !Select [1, !Split [':', !Select [0, !GetAtt Firewall.EndpointIds]]]";
const NO_EDGE = edit(TEXT, ['  IngressAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref Igw\n      RouteTableId: !Ref IngressRt\n', '']);

function show(t: TraceResult): string {
  return [...t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`), ...t.assumptions].join('\n');
}

function path(t: TraceResult, direction: 'forward' | 'return'): string[] {
  return hopsOf(t, direction).map((h) => h.resource);
}

test('protected instance → internet: through the firewall endpoint and out of the firewall subnet to the internet gateway; the reply comes in by ingress routing through the same endpoint', () => {
  const t = trace(TEXT, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = path(t, 'forward');
  assert.ok(fwd.indexOf('ProtectedDefault') < fwd.indexOf('Firewall') && fwd.indexOf('Firewall') < fwd.indexOf('FirewallDefault') && fwd.indexOf('FirewallDefault') < fwd.indexOf('Igw'), fwd.join(' → '));
  const fw = hopAt(t, 'Firewall', 'forward');
  assert.equal(fw.code, 'FIREWALL_POLICY_NOT_EVALUATED');
  assert.equal(fw.type, 'AWS::NetworkFirewall::Firewall');
  // No address translation at the firewall; the internet gateway still maps the instance's own address.
  assert.deepEqual([fw.in.src, fw.out.src, fw.out.dst], ['10.0.1.10', '10.0.1.10', '8.8.8.8']);
  assert.equal(hopAt(t, 'Igw', 'forward').out.src, 'public IP of Web');
  const back = path(t, 'return');
  assert.deepEqual(back.slice(0, 2), ['Igw', 'IngressToProtected'], back.join(' → '));
  assert.ok(back.indexOf('Firewall') > back.indexOf('IngressToProtected') && back.indexOf('FirewallRt') > back.indexOf('Firewall'), back.join(' → '));
  assert.match(hopAt(t, 'IngressToProtected', 'return').reason, /edge-associated with internet gateway Igw: ingress routing/);
  // The firewall subnet's NACL is crossed both ways.
  assert.ok(t.hops.some((h) => h.direction === 'forward' && h.side === 'inbound' && /subnet FirewallSubnet/.test(h.reason)), show(t));
  assert.ok(t.assumptions.some((a) => /firewall Firewall's rules \(firewall policy FwPolicy\) are assumed to let this flow through/.test(a)), t.assumptions.join('\n'));
});

test('internet → protected instance: in through the edge route table and the firewall, back through the firewall by the protected subnet\'s default route', () => {
  const t = trace(TEXT, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.deepEqual(path(t, 'forward').slice(0, 2), ['Igw', 'IngressToProtected']);
  assert.ok(path(t, 'forward').includes('Firewall'));
  const back = path(t, 'return');
  assert.ok(back.indexOf('ProtectedDefault') < back.indexOf('Firewall') && back.indexOf('Firewall') < back.indexOf('Igw'), back.join(' → '));
  assert.equal(hopAt(t, 'Igw', 'return').out.src, 'public IP of Web');
});

test('without the edge association the reply from the internet bypasses the firewall: blocked, asymmetric routing, on the return path', () => {
  const t = trace(NO_EDGE, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.resource, 'Firewall');
  assert.match(t.blockedAt!.message, /reply is routed around it.*no edge-associated route table/);
  // A new connection from the internet comes in directly, but its reply goes out through the firewall.
  const inbound = trace(NO_EDGE, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(inbound.verdict, 'blocked', show(inbound));
  assert.equal(inbound.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(inbound.blockedAt?.resource, 'ProtectedRt');
  assert.match(inbound.blockedAt!.message, /never saw the request/);
});

test('east-west: protected → app goes through the firewall both ways with routes more specific than local; without the app subnet\'s return route it is asymmetric', () => {
  const t = trace(TEXT, { from: 'Web', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.ok(path(t, 'forward').includes('Firewall') && path(t, 'return').includes('Firewall'), show(t));
  // The database sees the initiator's own address: its rule for the protected subnet admits it.
  assert.equal(hopAt(t, 'DbSg', 'forward').in.src, '10.0.1.10');
  const asym = trace(edit(TEXT, [`      DestinationCidrBlock: 10.0.1.0/24\n      ${PICK0}\n  AppAssoc:`, `      DestinationCidrBlock: 10.0.3.0/24\n      ${PICK0}\n  AppAssoc:`]), { from: 'Web', to: 'Db', port: 5432 });
  assert.equal(asym.verdict, 'blocked', show(asym));
  assert.equal(asym.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(asym.blockedAt?.resource, 'AppRt');
});

test('the firewall subnet\'s network ACL filters what goes through the endpoint', () => {
  const text = edit(TEXT, ['  FirewallRt:\n', '  FwAcl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: !Ref Vpc\n  FwAclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n    Properties:\n      SubnetId: !Ref FirewallSubnet\n      NetworkAclId: !Ref FwAcl\n  FirewallRt:\n']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'SUBNET_ACL_RESTRICTION');
  assert.equal(t.blockedAt?.resource, 'FwAcl');
  assert.equal(t.blockedAt?.subnet, 'FirewallSubnet');
});

test('the firewall as a flow end: it starts no connection, and a connection to it has nothing to answer it; the model places one endpoint per subnet mapping', () => {
  const to = trace(TEXT, { from: 'Web', to: 'Firewall', port: 443 });
  assert.equal(to.verdict, 'blocked', show(to));
  assert.equal(to.blockedAt?.code, 'MIDDLEBOX_NOT_A_DESTINATION');
  const from = trace(TEXT, { from: 'Firewall', to: 'Web', port: 443 });
  assert.equal(from.verdict, 'blocked', show(from));
  assert.equal(from.blockedAt?.code, 'VPCE_INTRA_VPC_TRAFFIC');
  const fw = analyze(TEXT).model!.endpoints.find((e) => e.id === 'Firewall');
  assert.deepEqual(fw?.placements.map((p) => p.subnet), ['FirewallSubnet']);
  assert.deepEqual(fw?.placements[0].securityGroups, []);
  assert.equal(fw?.inspection?.policy, 'FwPolicy');
});

const TWO_ZONES = edit(
  TEXT,
  ['  ProtectedSubnet:\n', '  FirewallSubnetB:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.0.16/28\n      AvailabilityZone: us-east-1b\n  FirewallAssocB:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref FirewallSubnetB\n      RouteTableId: !Ref FirewallRt\n  ProtectedSubnet:\n'],
  ['        - SubnetId: !Ref FirewallSubnet\n', '        - SubnetId: !Ref FirewallSubnet\n        - SubnetId: !Ref FirewallSubnetB\n'],
);

test('two endpoints whose subnets share a route table: element 0 of EndpointIds is one of them (no particular order), which does not change the path; the same element both ways is symmetric', () => {
  const t = trace(TWO_ZONES, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.ok(t.assumptions.some((a) => /element 0 of Firewall\.EndpointIds is the endpoint in one of FirewallSubnet \(us-east-1a\), FirewallSubnetB \(us-east-1b\)/.test(a)), t.assumptions.join('\n'));
  // The ingress route picks element 1: another endpoint than the request's, whatever the order.
  const other = edit(TWO_ZONES, [`      DestinationCidrBlock: 10.0.1.0/24\n      ${PICK0}\n  IngressAssoc:`, `      DestinationCidrBlock: 10.0.1.0/24\n      ${PICK0.replace('[0,', '[1,')}\n  IngressAssoc:`]);
  const asym = trace(other, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(asym.verdict, 'blocked', show(asym));
  assert.equal(asym.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.match(asym.blockedAt!.message, /request goes through endpoint 0 of firewall Firewall .* but the reply through endpoint 1 of firewall Firewall/);
  assert.equal(asym.blockedAt?.resource, 'IngressRt');
});

test('two endpoints whose subnets route differently: which subnet element 0 is cannot be known, so the flow is unknown and says why, not UNSUPPORTED_COMPONENT', () => {
  const text = edit(TWO_ZONES, ['      SubnetId: !Ref FirewallSubnetB\n      RouteTableId: !Ref FirewallRt\n', '      SubnetId: !Ref FirewallSubnetB\n      RouteTableId: !Ref ProtectedRt\n']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  const u = t.hops.find((h) => h.decision === 'unknown')!;
  assert.equal(u.code, 'ASSUMPTION_UNRESOLVED_VALUE');
  assert.equal(u.resource, 'ProtectedDefault');
  assert.match(u.reason, /element 0 of Firewall\.EndpointIds.*no particular order/);
  assert.ok(!t.hops.some((h) => h.code === 'UNSUPPORTED_COMPONENT'), show(t));
});

test('an expression over EndpointIds that packetwalk does not evaluate names the firewall with the endpoint unknown; selecting the zone half names no endpoint', () => {
  const joined = edit(TEXT, [`      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK0}`, "      DestinationCidrBlock: 0.0.0.0/0\n      VpcEndpointId: !Select [1, !Split [':', !Join [',', !GetAtt Firewall.EndpointIds]]]"]);
  const t = trace(joined, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.match(t.hops.find((h) => h.decision === 'unknown')!.reason, /picks an endpoint out of Firewall\.EndpointIds with an expression packetwalk does not evaluate/);
  const zone = edit(TEXT, [`      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK0}`, `      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK0.replace('[1,', '[0,')}`]);
  const z = trace(zone, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(z.verdict, 'unknown', show(z));
  assert.match(z.hops.find((h) => h.decision === 'unknown')!.reason, /selects the zone name/);
});

test('the firewall subnet routing the internet back to the firewall endpoint is a routing loop', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n', `      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK0}\n`]);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ROUTING_LOOP');
  assert.equal(t.blockedAt?.resource, 'FirewallRt');
});

test('a JSON template with the long-form intrinsics is read the same way', () => {
  const json = JSON.stringify({
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      FwSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' } },
      AppSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' } },
      DbSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a' } },
      Fw: { Type: 'AWS::NetworkFirewall::Firewall', Properties: { FirewallName: 'x', FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:111122223333:firewall-policy/p', VpcId: { Ref: 'Vpc' }, SubnetMappings: [{ SubnetId: { Ref: 'FwSubnet' } }] } },
      AppRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      AppAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'AppSubnet' }, RouteTableId: { Ref: 'AppRt' } } },
      ToDb: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'AppRt' }, DestinationCidrBlock: '10.0.2.0/24', VpcEndpointId: { 'Fn::Select': ['1', { 'Fn::Split': [':', { 'Fn::Select': ['0', { 'Fn::GetAtt': ['Fw', 'EndpointIds'] }] }] }] } } },
    },
  });
  const t = trace(json, { from: 'AppSubnet', to: 'DbSubnet', port: 22 });
  // The DB subnet routes the reply locally: the request went through the firewall, the reply did not.
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.ok(path(t, 'forward').includes('Fw'), show(t));
  assert.ok(t.assumptions.some((a) => /firewall Fw's rules \(its firewall policy \(.*names a resource outside the template\)\)/.test(a)), t.assumptions.join('\n'));
});

test('a firewall its Condition switches off: the route to its endpoint is a blackhole (BAD_STATE_ROUTE), not an unknown', () => {
  const text = edit(TEXT, ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n'], ['  Firewall:\n    Type: AWS::NetworkFirewall::Firewall\n', '  Firewall:\n    Type: AWS::NetworkFirewall::Firewall\n    Condition: Never\n']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'BAD_STATE_ROUTE');
  assert.equal(t.blockedAt?.resource, 'ProtectedDefault');
  assert.match(t.blockedAt!.message, /firewall Firewall is not created \(Condition Never is false\)/);
});

test('a route in another VPC to the firewall\'s endpoint: EC2 rejects it (ROUTE_TARGET_OTHER_VPC), and the walk never uses it as if it worked', () => {
  const text = edit(TEXT, ['  WebSg:\n', `  OtherVpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.9.0.0/16\n  OtherSubnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref OtherVpc\n      CidrBlock: 10.9.1.0/24\n  OtherRt:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref OtherVpc\n  OtherDefault:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref OtherRt\n      DestinationCidrBlock: 0.0.0.0/0\n      ${PICK0}\n  OtherAssoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref OtherSubnet\n      RouteTableId: !Ref OtherRt\n  WebSg:\n`]);
  const a = analyze(text);
  const p = a.model!.problems.find((x) => x.code === 'ROUTE_TARGET_OTHER_VPC');
  assert.ok(p, JSON.stringify(a.model!.problems));
  assert.match(p.message, /OtherDefault .* targets vpc endpoint Firewall, which is in VPC Vpc/);
  const t = trace(text, { from: 'OtherSubnet', to: '8.8.8.8', port: 443 });
  assert.notEqual(t.verdict, 'reachable', show(t));
  assert.ok(!t.hops.some((h) => h.resource === 'Firewall'), show(t));
});

test('the firewall\'s subnet from a parameter without value: the flow through it is unknown at the firewall, naming the parameter', () => {
  const text = edit(TEXT, ['Resources:\n', 'Parameters:\n  FwSubnetId:\n    Type: String\nResources:\n'], ['        - SubnetId: !Ref FirewallSubnet\n', '        - SubnetId: !Ref FwSubnetId\n']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  const u = t.hops.find((h) => h.decision === 'unknown')!;
  assert.equal(u.resource, 'Firewall');
  assert.match(u.reason, /the subnet of Firewall is unknown: .*FwSubnetId/);
});

const V6 = edit(
  TEXT,
  ['  Igw:\n', '  VpcV6:\n    Type: AWS::EC2::VPCCidrBlock\n    Properties:\n      VpcId: !Ref Vpc\n      Ipv6CidrBlock: 2600:1f18:aaaa:bb00::/56\n  Igw:\n'],
  ['      CidrBlock: 10.0.0.0/28\n', '      CidrBlock: 10.0.0.0/28\n      Ipv6CidrBlock: 2600:1f18:aaaa:bb00::/64\n'],
  ['      CidrBlock: 10.0.1.0/24\n      AvailabilityZone', '      CidrBlock: 10.0.1.0/24\n      Ipv6CidrBlock: 2600:1f18:aaaa:bb01::/64\n      AvailabilityZone'],
  ['      CidrBlock: 10.0.2.0/24\n      AvailabilityZone', '      CidrBlock: 10.0.2.0/24\n      Ipv6CidrBlock: 2600:1f18:aaaa:bb02::/64\n      AvailabilityZone'],
  ['  FirewallAssoc:\n', `  FirewallDefault6:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref FirewallRt\n      DestinationIpv6CidrBlock: '::/0'\n      GatewayId: !Ref Igw\n  FirewallAssoc:\n`],
  ['  ProtectedAssoc:\n', `  ProtectedDefault6:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref ProtectedRt\n      DestinationIpv6CidrBlock: '::/0'\n      ${PICK0}\n  ProtectedToApp6:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref ProtectedRt\n      DestinationIpv6CidrBlock: 2600:1f18:aaaa:bb02::/64\n      ${PICK0}\n  ProtectedAssoc:\n`],
  ['  AppAssoc:\n', `  AppToProtected6:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref AppRt\n      DestinationIpv6CidrBlock: 2600:1f18:aaaa:bb01::/64\n      ${PICK0}\n  AppAssoc:\n`],
  ['  IngressAssoc:\n', `  IngressToProtected6:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref IngressRt\n      DestinationIpv6CidrBlock: 2600:1f18:aaaa:bb01::/64\n      ${PICK0}\n  IngressAssoc:\n`],
  ['          CidrIp: 0.0.0.0/0\n  Web:\n', "          CidrIp: 0.0.0.0/0\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIpv6: '::/0'\n      SecurityGroupEgress:\n        - IpProtocol: '-1'\n          CidrIpv6: '::/0'\n  Web:\n"],
  ['          AssociatePublicIpAddress: true\n', '          AssociatePublicIpAddress: true\n          Ipv6Addresses:\n            - Ipv6Address: 2600:1f18:aaaa:bb01::10\n'],
  ['          CidrIp: 10.0.1.0/24\n  Db:\n', '          CidrIp: 10.0.1.0/24\n        - IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n          CidrIpv6: 2600:1f18:aaaa:bb01::/64\n  Db:\n'],
  ['      PrivateIpAddress: 10.0.2.20\n', '      PrivateIpAddress: 10.0.2.20\n      Ipv6Addresses:\n        - Ipv6Address: 2600:1f18:aaaa:bb02::20\n'],
);

test('IPv6: out to the IPv6 internet, in from it and east-west, through the firewall endpoint both ways (no translation); without ingress routing the reply is asymmetric', () => {
  const out = trace(V6, { from: 'Web', to: '2001:4860:4860::8888', port: 443 });
  assert.equal(out.verdict, 'reachable', show(out));
  assert.ok(path(out, 'forward').includes('Firewall') && path(out, 'return').includes('Firewall'), show(out));
  assert.equal(hopAt(out, 'Igw', 'forward').out.src, '2600:1f18:aaaa:bb01::10');
  const inbound = trace(V6, { from: 'internet', to: 'Web', port: 443, ipVersion: 6 });
  assert.equal(inbound.verdict, 'reachable', show(inbound));
  assert.deepEqual(path(inbound, 'forward').slice(0, 2), ['Igw', 'IngressToProtected6']);
  const ew = trace(V6, { from: 'Web', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(ew.verdict, 'reachable', show(ew));
  assert.ok(path(ew, 'forward').includes('Firewall') && path(ew, 'return').includes('Firewall'), show(ew));
  const noEdge = edit(V6, ['  IngressAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref Igw\n      RouteTableId: !Ref IngressRt\n', '']);
  const asym = trace(noEdge, { from: 'Web', to: '2001:4860:4860::8888', port: 443 });
  assert.equal(asym.verdict, 'blocked', show(asym));
  assert.equal(asym.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
});
