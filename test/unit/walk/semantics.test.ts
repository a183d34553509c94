// Data-plane semantics, each both ways (a reachable and a blocked case), from templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, trace, textAt } from './walk-fixtures';
import { traceInModel } from '../../../server/src/analyze/analyze';

const BASE = fixture('two-tier.yaml');
const SEED1 = fixture('seed-001-lambda-rds.yaml');

test('default SG egress: kept when a group declares no egress (reported), removed when it declares one', () => {
  const kept = trace(BASE, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(kept.verdict, 'reachable');
  assert.ok(kept.assumptions.some((a) => a.includes('AppSg') && /keeps/.test(a)), kept.assumptions.join('\n'));
  assert.match(hopAt(kept, 'AppSg', 'forward').rule, /default egress/);

  const removed = edit(BASE, [
    '      GroupDescription: app\n      VpcId: !Ref Vpc\n',
    '      GroupDescription: app\n      VpcId: !Ref Vpc\n      SecurityGroupEgress:\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n',
  ]);
  const t = trace(removed, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.equal(t.blockedAt?.resource, 'AppSg');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.ok(t.assumptions.some((a) => a.includes('AppSg') && /remove/.test(a)), t.assumptions.join('\n'));
});

test('SG references match ENIs carrying the group: App (AppSg) reaches Db, Stray (default SG) does not', () => {
  const ok = trace(BASE, { from: 'App', to: 'Db', port: 5432 });
  assert.match(hopAt(ok, 'DbSg', 'forward').rule, /from security group AppSg/);
  const t = trace(BASE, { from: 'Stray', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.equal(t.blockedAt?.resource, 'DbSg');
  assert.ok(t.assumptions.some((a) => a.includes('Stray') && a.includes('default security group')), 'the default SG is reported');
});

test('a group with no ingress rule at all → SG_HAS_NO_RULES', () => {
  const t = trace(BASE, { from: 'App', to: 'Web', port: 22 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH', 'WebSg has an ingress rule, just not this one');
  const none = trace(BASE, { from: 'App2', to: 'Db', protocol: 'udp', port: 53 });
  assert.equal(none.verdict, 'blocked');
  const noRules = edit(BASE, ['      SourceSecurityGroupId: !Ref AppSg\n      SecurityGroupEgress:', '      SourceSecurityGroupId: !Ref AppSg\n      SecurityGroupEgressX:'], ['      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 5432', '      SecurityGroupIngressX:\n        - IpProtocol: tcp\n          FromPort: 5432']);
  const t2 = trace(noRules, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t2.verdict, 'blocked');
  assert.equal(t2.blockers.find((b) => b.resource === 'DbSg')?.code, 'SG_HAS_NO_RULES');
});

test('same-subnet traffic skips NACLs: a deny-all NACL on the subnet blocks App→Db but not App→App2', () => {
  const text = edit(BASE, ['      SubnetId: !Ref DbSubnet\n      NetworkAclId: !Ref DbNacl', '      SubnetId: !Ref AppSubnet\n      NetworkAclId: !Ref DbNacl']);
  const same = trace(text, { from: 'App', to: 'App2', port: 22 });
  assert.equal(same.verdict, 'reachable');
  assert.ok(!same.hops.some((h) => h.resource === 'DbNacl'), 'no NACL hop inside a subnet');
  assert.ok(same.assumptions.some((a) => a.includes('not checked by network ACLs')));
  const cross = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(cross.verdict, 'blocked');
  assert.equal(cross.blockedAt?.resource, 'DbNacl');
});

test('internet gateway: a public instance reaches the internet; without a public IP → IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS on the instance', () => {
  const ok = trace(BASE, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(ok.verdict, 'reachable');
  const igw = hopAt(ok, 'Igw', 'forward');
  assert.equal(igw.in.src, '10.0.0.10');
  assert.equal(igw.out.src, 'public IP of Web', 'the auto-assigned public IP is unknown before deploy');
  const text = edit(BASE, ['      MapPublicIpOnLaunch: true', '      MapPublicIpOnLaunch: false']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  assert.equal(t.blockedAt?.resource, 'Web');
});

test('internet → instance: needs a public address (IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS) and an IGW route for the reply', () => {
  const ok = trace(BASE, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(ok.verdict, 'reachable');
  const inbound = hopAt(ok, 'Igw', 'forward');
  assert.equal(inbound.in.dst, 'public IP of Web');
  assert.equal(inbound.out.dst, '10.0.0.10');
  const back = hopAt(ok, 'Igw', 'return');
  assert.equal(back.out.src, 'public IP of Web');
  assert.ok(ok.assumptions.some((a) => a.includes('1024-65535')), 'the internet client ephemeral range is stated');

  const priv = edit(BASE, ['      MapPublicIpOnLaunch: true', '      MapPublicIpOnLaunch: false']);
  const t = trace(priv, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(t.blockedAt?.code, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
  assert.equal(t.blockedAt?.resource, 'Web');

  const noReturnRoute = edit(BASE, ['      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw', '      DestinationCidrBlock: 192.0.2.0/24\n      GatewayId: !Ref Igw']);
  const r = trace(noReturnRoute, { from: 'internet', to: 'Web', port: 443 });
  assert.equal(r.verdict, 'blocked');
  assert.equal(r.blockedAt?.direction, 'return');
  assert.equal(r.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(r.blockedAt?.resource, 'PublicRouteTable');
});

test('internet gateway not attached to the VPC → IGW_NOT_ATTACHED; attached to another VPC → the route is rejected at deploy, unknown', () => {
  const text = edit(BASE, ['      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw', '      VpcId: !Ref OtherVpc\n      InternetGatewayId: !Ref Igw']);
  const t = trace(text, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown');
  assert.ok(analyze(text).problems.some((p) => p.code === 'ROUTE_TARGET_OTHER_VPC'));
  const detached = edit(BASE, ['  IgwAttachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n', '']);
  const d = trace(detached, { from: 'Web', to: '8.8.8.8', port: 443 });
  assert.equal(d.verdict, 'blocked');
  assert.equal(d.blockedAt?.code, 'IGW_NOT_ATTACHED');
  assert.equal(d.blockedAt?.resource, 'Igw');
  assert.match(d.blockedAt!.message, /no AWS::EC2::VPCGatewayAttachment attaches it/);
});

test('missing routes: the main route table has only local routes → NO_ROUTE_TO_DESTINATION named by the VPC', () => {
  const t = trace(BASE, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'Vpc');
  assert.equal(t.blockedAt?.element, 'mainRouteTable');
  assert.ok(t.assumptions.some((a) => a.includes('main route table')));
  // The local route of the same main table carries App → Db.
  const ok = trace(BASE, { from: 'App', to: 'Db', port: 5432 });
  const local = ok.hops.find((h) => h.element === 'mainRouteTable' && h.direction === 'forward');
  assert.equal(local?.rule, '10.0.0.0/16 → local');
});

test('a route to a resource the template does not create → BAD_STATE_ROUTE on the route', () => {
  const text = edit(
    BASE,
    ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n'],
    [
      '  PublicAssoc:\n',
      '  GhostNat:\n    Type: AWS::EC2::NatGateway\n    Condition: Never\n    Properties:\n      SubnetId: !Ref PublicSubnet\n  ToGhost:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRouteTable\n      DestinationCidrBlock: 198.51.100.0/24\n      NatGatewayId: !Ref GhostNat\n  PublicAssoc:\n',
    ],
  );
  const t = trace(text, { from: 'Web', to: '198.51.100.9', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'BAD_STATE_ROUTE');
  assert.equal(t.blockedAt?.resource, 'ToGhost');
  assert.equal(trace(text, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'reachable', 'other destinations use the default route');
});

test('unknown values: a NACL CIDR from a parameter without value → unknown verdict with the value range; given → decided', () => {
  const text = edit(
    BASE,
    ['Resources:\n', 'Parameters:\n  AppCidr:\n    Type: String\nResources:\n'],
    ['      CidrBlock: 10.0.1.0/24\n      PortRange: { From: 5432, To: 5432 }', '      CidrBlock: !Ref AppCidr\n      PortRange: { From: 5432, To: 5432 }'],
  );
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown');
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.ok(hop);
  assert.equal(hop.code, 'ASSUMPTION_UNRESOLVED_VALUE');
  assert.match(textAt(text, hop.range), /AppCidr/);
  assert.match(hop.reason, /AppCidr/);
  const given = traceInModel(analyze(text, { parameters: { AppCidr: '10.0.1.0/24' } }), { from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
  assert.equal(given.verdict, 'reachable');
  const other = traceInModel(analyze(text, { parameters: { AppCidr: '10.0.7.0/24' } }), { from: 'App', to: 'Db', protocol: 'tcp', port: 5432 });
  assert.equal(other.verdict, 'blocked');
  // Something else definitely blocking wins over unknown.
  const alsoBlocked = trace(text, { from: 'Stray', to: 'Db', port: 5432 });
  assert.equal(alsoBlocked.verdict, 'blocked');
});

test('blockers: every blocking point is collected, blockedAt is the first failing hop', () => {
  const t = trace(BASE, { from: 'internet', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
  const codes = t.blockers.map((b) => `${b.resource}:${b.code}`);
  assert.ok(codes.includes('DbNacl:SUBNET_ACL_RESTRICTION'), codes.join(' '));
  assert.ok(codes.includes('DbSg:ENI_SG_RULES_MISMATCH'), codes.join(' '));
  assert.ok(codes.includes('DbNacl:NACL_RETURN_EPHEMERAL_BLOCKED'), codes.join(' '));
  assert.ok(t.blockers.length >= 4);
  assert.deepEqual(t.blockedAt, t.blockers[0]);
});

test('port ranges are all-or-nothing: 5432-5433 fails on 5433 only', () => {
  const ok = trace(BASE, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(ok.verdict, 'reachable');
  const t = trace(BASE, { from: 'App', to: 'Db', port: { from: 5432, to: 5433 } });
  assert.equal(t.verdict, 'blocked');
  const nacl = t.blockers.find((b) => b.resource === 'DbNacl' && b.direction === 'forward');
  assert.ok(nacl);
  assert.match(nacl.message, /5433/);
  const sg = t.blockers.find((b) => b.resource === 'DbSg');
  assert.match(sg!.message, /5433/);
  assert.doesNotMatch(sg!.message.replace(/5432-5433/g, ''), /admits tcp 5432 /);
});

test('multi-placement endpoints are all-or-nothing: RDS over two subnets, one of them closed', () => {
  const ok = trace(SEED1, { from: 'Fn', to: 'Db', port: 5432 });
  assert.equal(ok.verdict, 'reachable');
  assert.ok(ok.assumptions.some((a) => /2 placement pairs were checked, all reachable/.test(a)));
  const text = edit(SEED1, [
    '  FnSg:\n',
    '  ClosedAcl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: !Ref Vpc\n  ClosedAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n    Properties:\n      SubnetId: !Ref DbSubnetB\n      NetworkAclId: !Ref ClosedAcl\n  FnSg:\n',
  ]);
  const t = trace(text, { from: 'Fn', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.resource, 'ClosedAcl');
  const note = t.assumptions.find((a) => a.includes('placement pairs'));
  assert.ok(note && note.includes('DbSubnetB') && !note.includes('Db in DbSubnetA (blocked)'), note);
  assert.ok(t.hops.some((h) => h.reason.includes('DbSubnetB')), 'the hops are those of the failing pair');
});

test('seed 001: Lambda in 10.0.2.0/24 → RDS address 10.0.3.100 tcp/5432 over the local route', () => {
  const t = trace(SEED1, { from: 'Fn', to: '10.0.3.100', port: 5432 });
  assert.equal(t.verdict, 'reachable');
  const route = t.hops.find((h) => h.direction === 'forward' && h.element === 'mainRouteTable');
  assert.equal(route?.rule, '10.0.0.0/16 → local');
  assert.equal(route?.in.dst, '10.0.3.100');
  assert.equal(route?.in.src, '10.0.2.0/24', 'the Lambda ENI is some address in its subnet');
  const viaDb = trace(SEED1, { from: 'Fn', to: 'Db', port: 5432 });
  assert.match(hopAt(viaDb, 'DbSg', 'forward').rule, /DbSg ingress tcp 5432 from 10\.0\.2\.0\/24/);
});

test('address sets: a rule covering part of a subnet makes the outcome unknown, never a guess', () => {
  const text = edit(SEED1, ['          CidrIp: 10.0.2.0/24', '          CidrIp: 10.0.2.0/25']);
  const t = trace(text, { from: 'Fn', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown');
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.match(hop!.reason, /depends on the address/);
  // A subnet probe with a pinned address inside the /25 is decided.
  const pinned = trace(text, { from: '10.0.2.7', to: 'Db', port: 5432 });
  assert.equal(pinned.verdict, 'reachable');
  // Pinning the Lambda's own address (SourceIp) decides it too, either way.
  assert.equal(trace(text, { from: 'Fn', to: 'Db', port: 5432, sourceIp: '10.0.2.7' }).verdict, 'reachable');
  const outside = trace(text, { from: 'Fn', to: 'Db', port: 5432, sourceIp: '10.0.2.200' });
  assert.equal(outside.verdict, 'blocked');
  assert.ok(outside.assumptions.some((a) => a.includes('pinned to 10.0.2.200')));
});

test('an Amazon-provided IPv6 block (unknown before deploy) does not make IPv4 routing unknown', () => {
  const text = edit(BASE, ['  OtherVpc:\n', '  Ipv6Block:\n    Type: AWS::EC2::VPCCidrBlock\n    Properties:\n      VpcId: !Ref Vpc\n      AmazonProvidedIpv6CidrBlock: true\n  OtherVpc:\n']);
  assert.equal(trace(text, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'reachable');
  assert.equal(trace(text, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
  // An IPv4 secondary block from a parameter without value is different: it could hold 8.8.8.8.
  const v4 = edit(BASE, ['Resources:\n', 'Parameters:\n  Extra:\n    Type: String\nResources:\n'], ['  OtherVpc:\n', '  Extra4:\n    Type: AWS::EC2::VPCCidrBlock\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: !Ref Extra\n  OtherVpc:\n']);
  assert.equal(trace(v4, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'unknown');
  assert.equal(trace(v4, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable', 'VPC blocks never overlap: the known local route decides');
});

test('a standalone SecurityGroupEgress removes the default egress (the chosen behaviour), and the trace says so', () => {
  const text = edit(BASE, [
    '  DbSg:\n',
    '  AppHttpsOut:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n      GroupId: !Ref AppSg\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      CidrIp: 0.0.0.0/0\n  DbSg:\n',
  ]);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.resource, 'AppSg');
  assert.ok(t.assumptions.some((a) => a.includes('AppHttpsOut') && a.includes('aws-cdk#987')), t.assumptions.join('\n'));
  // The same rule admitting 5432 makes the flow reachable again, with the same assumption stated.
  const ok = trace(edit(text, ['      FromPort: 443\n      ToPort: 443\n      CidrIp: 0.0.0.0/0\n  DbSg:', '      FromPort: 5432\n      ToPort: 5432\n      CidrIp: 0.0.0.0/0\n  DbSg:']), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(ok.verdict, 'reachable');
  assert.ok(ok.assumptions.some((a) => a.includes('AppHttpsOut')));
});

test('an undecided Condition on the NAT gateway the route uses → unknown; decided true → reachable', () => {
  const seed2 = fixture('seed-002-private-dns.yaml');
  const text = edit(
    seed2,
    ['Resources:\n', 'Parameters:\n  WithNat:\n    Type: String\nConditions:\n  UseNat: !Equals [!Ref WithNat, "yes"]\nResources:\n'],
    ['  Nat:\n    Type: AWS::EC2::NatGateway\n', '  Nat:\n    Type: AWS::EC2::NatGateway\n    Condition: UseNat\n'],
  );
  const t = trace(text, { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(t.verdict, 'unknown');
  const yes = traceInModel(analyze(text, { parameters: { WithNat: 'yes' } }), { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(yes.verdict, 'reachable');
  const no = traceInModel(analyze(text, { parameters: { WithNat: 'no' } }), { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(no.verdict, 'blocked');
  assert.equal(no.blockedAt?.code, 'BAD_STATE_ROUTE');
});

test('the walk goes on after an undecidable route: a definite drop further on makes the flow blocked, not unknown', () => {
  const text = edit(
    BASE,
    ['Resources:\n', 'Parameters:\n  Extra:\n    Type: String\nResources:\n'],
    ['  PublicAssoc:\n', '  Maybe:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRouteTable\n      DestinationCidrBlock: !Ref Extra\n      GatewayId: !Ref Igw\n  PublicAssoc:\n'],
  );
  const t = trace(text, { from: 'Web', to: 'Db', port: 5432 });
  assert.ok(t.hops.some((h) => h.decision === 'unknown'), 'the route is undecidable');
  assert.equal(t.verdict, 'blocked', 'DbNacl admits only the app subnet and DbSg only AppSg');
  assert.ok(t.blockers.some((b) => b.resource === 'DbNacl'));
});
