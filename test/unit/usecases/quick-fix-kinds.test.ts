// The quick fixes beyond the NACL allow entry, each proved on the template in three styles (YAML block
// with short tags, YAML flow maps with long-form intrinsics, JSON): applied and analysed again, the flow
// is reachable and no other flow, declared or implied, changes verdict. A fix that would open more than
// the flow needs, or would not work, is not offered.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { quickFixes } from '../../../server/src/usecases/quick-fixes';
import { apply, asFlowYaml, asJson, fixesFor, prove, read, verdicts } from './quick-fix-proof';

const styles: Array<[string, (t: string) => string]> = [
  ['YAML block, short tags', (t) => t],
  ['YAML flow maps, long form', asFlowYaml],
  ['JSON, 2 spaces', (t) => asJson(t, 2)],
  ['JSON, 4 spaces', (t) => asJson(t, 4)],
];

/** The proof in every style; returns the fixed texts by style. */
function proveInEveryStyle(fixture: string, code: string, flow: string): Map<string, { after: string; title: string }> {
  const out = new Map<string, { after: string; title: string }>();
  for (const [name, make] of styles) {
    const text = make(read(fixture));
    const { after, fix } = prove(text, code, flow);
    if (name.startsWith('JSON')) assert.doesNotThrow(() => JSON.parse(after), name);
    out.set(name, { after, title: fix.title });
  }
  return out;
}

describe('missing security-group ingress', () => {
  it('admits the sender\'s security group when both ends have groups (the subnet probe stays refused)', () => {
    const fixed = proveInEveryStyle('fixes/sg-ingress.yaml', 'ENI_SG_RULES_MISMATCH', 'app-to-db');
    assert.equal(fixed.get('YAML block, short tags')!.title, 'Allow tcp 5432 into DbSg from security group AppSg');
    assert.ok(fixed.get('YAML block, short tags')!.after.includes(
      '          CidrIp: 10.0.3.0/24\n        - IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n          SourceSecurityGroupId: !Ref AppSg\n  App:',
    ));
    assert.match(fixed.get('YAML flow maps, long form')!.after, /CidrIp: 10\.0\.3\.0\/24 \}, \{ IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: \{ Ref: AppSg \} \} \] \}/);
    assert.match(fixed.get('JSON, 4 spaces')!.after, /\n {24}"CidrIp": "10\.0\.3\.0\/24"\n {20}\},\n {20}\{\n {24}"IpProtocol": "tcp",\n {24}"FromPort": 5432,/);
  });

  it('adds an AWS::EC2::SecurityGroupIngress resource when the group\'s rules are written as such resources', () => {
    const text = read('fixes/sg-ingress.yaml').replace(
      '      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 10.0.3.0/24\n',
      '  DbSgHttps:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !GetAtt DbSg.GroupId # the database group\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      CidrIp: 10.0.3.0/24\n',
    );
    for (const t of [text, asJson(text, 2)]) {
      const { after } = prove(t, 'ENI_SG_RULES_MISMATCH', 'app-to-db');
      if (t === text) {
        assert.ok(after.includes('      CidrIp: 10.0.3.0/24\n  DbSgIngress5432:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !GetAtt DbSg.GroupId\n      IpProtocol: tcp\n'), after);
      } else assert.match(after, /"DbSgIngress5432": \{\n {6}"Type": "AWS::EC2::SecurityGroupIngress",\n {6}"Properties": \{\n {8}"GroupId": \{ "Fn::GetAtt": \["DbSg", "GroupId"\] \},\n/);
    }
  });

  it('admits the sender\'s subnet block when the sender has no group, starting the group\'s ingress list', () => {
    const fixed = proveInEveryStyle('fixes/sg-ingress-cidr.yaml', 'SG_HAS_NO_RULES', 'subnet-to-db');
    const block = fixed.get('YAML block, short tags')!;
    assert.equal(block.title, 'Allow tcp 5432 into DbSg from 10.0.1.0/24');
    assert.ok(block.after.includes('      GroupDescription: db\n      VpcId: !Ref Vpc\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n          CidrIp: 10.0.1.0/24\n'), block.after);
    assert.match(fixed.get('JSON, 2 spaces')!.after, /"SecurityGroupIngress": \[\n {10}\{\n {12}"IpProtocol": "tcp",/);
  });

  it('admits 0.0.0.0/0 for a flow from the internet, on the flow\'s port only (SSH stays refused)', () => {
    const fixed = proveInEveryStyle('fixes/sg-ingress-cidr.yaml', 'SG_HAS_NO_RULES', 'internet-to-web');
    assert.equal(fixed.get('YAML block, short tags')!.title, 'Allow tcp 443 into WebSg from 0.0.0.0/0');
  });
});

describe('missing route', () => {
  it('routes a private subnet to the internet through the NAT gateway of the public subnet', () => {
    const fixed = proveInEveryStyle('fixes/route.yaml', 'NO_ROUTE_TO_DESTINATION', 'app-out');
    const block = fixed.get('YAML block, short tags')!;
    assert.equal(block.title, 'Add route 0.0.0.0/0 → NAT gateway Nat to AppRt');
    // Right after the route table (it has no route resource yet), in the template's layout.
    assert.ok(block.after.includes('      VpcId: !Ref Vpc\n  AppRtDefaultRoute:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref AppRt\n      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref Nat\n  AppAssoc:'), block.after);
    assert.match(fixed.get('YAML flow maps, long form')!.after, /Properties: \{ RouteTableId: \{ Ref: AppRt \}, DestinationCidrBlock: 0\.0\.0\.0\/0, NatGatewayId: \{ Ref: Nat \} \}/);
  });

  it('routes a subnet whose sender has a public address to the internet gateway, after its attachment', () => {
    const text = read('fixes/route.yaml').replace('      CidrBlock: 10.0.1.0/24\n', '      CidrBlock: 10.0.1.0/24\n      MapPublicIpOnLaunch: true\n');
    const { after, fix } = prove(text, 'NO_ROUTE_TO_DESTINATION', 'app-out');
    assert.equal(fix.title, 'Add route 0.0.0.0/0 → internet gateway Igw to AppRt');
    assert.ok(after.includes('  AppRtDefaultRoute:\n    Type: AWS::EC2::Route\n    DependsOn: IgwAttach\n    Properties:\n'), after);
  });

  it('offers no route for a private sender when the VPC has no NAT gateway (the internet gateway would drop it)', () => {
    const text = read('fixes/route.yaml').replace(/  NatEip:[\s\S]*?(?=  AppSubnet:)/, '');
    assert.deepEqual(fixesFor(text, 'NO_ROUTE_TO_DESTINATION'), []);
  });
});

describe('missing public address', () => {
  it('sets AssociatePublicIpAddress on the primary interface of an instance that declares its interfaces', () => {
    const fixed = proveInEveryStyle('fixes/public-address-eni.yaml', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'web-out');
    assert.ok(fixed.get('YAML block, short tags')!.after.includes('        - DeviceIndex: "0"\n          SubnetId: !Ref PublicSubnet\n          AssociatePublicIpAddress: true\n'));
  });

  it('sets MapPublicIpOnLaunch on the subnet when the instance is the only one launched there', () => {
    const fixed = proveInEveryStyle('places/public-address.yaml', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'web-out');
    const block = fixed.get('YAML block, short tags')!;
    assert.match(block.title, /^Set MapPublicIpOnLaunch: true on subnet PublicSubnet/);
    assert.ok(block.after.includes('      CidrBlock: 10.0.1.0/24\n      MapPublicIpOnLaunch: true\n'));
  });

  it('offers nothing when another instance launches in the subnet (it would get a public address too)', () => {
    const text = read('places/public-address.yaml') + '  Other:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      SubnetId: !Ref PublicSubnet\n';
    assert.deepEqual(fixesFor(text, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS'), []);
  });
});

describe('missing internet gateway attachment', () => {
  it('attaches the gateway to the VPC whose route table sends traffic to it', () => {
    const fixed = proveInEveryStyle('fixes/igw-attachment.yaml', 'IGW_NOT_ATTACHED', 'web-out');
    const block = fixed.get('YAML block, short tags')!;
    assert.equal(block.title, 'Attach internet gateway Igw to VPC Vpc (add IgwAttachment: AWS::EC2::VPCGatewayAttachment)');
    assert.ok(block.after.includes('  Igw:\n    Type: AWS::EC2::InternetGateway\n  IgwAttachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n'), block.after);
  });
});

describe('network ACL rule order', () => {
  it('renumbers the shadowed allow below the deny; the deny keeps refusing the other subnet', () => {
    const fixed = proveInEveryStyle('fixes/nacl-order.yaml', 'SUBNET_ACL_RESTRICTION', 'app-to-db');
    const block = fixed.get('YAML block, short tags')!;
    assert.match(block.title, /^Renumber DbNaclAllowApp from 200 to 90, before the deny that shadows it/);
    assert.ok(block.after.includes('      RuleNumber: 90\n      Protocol: 6\n      RuleAction: allow\n'));
  });
});

describe('findings of implied flows', () => {
  it('fixes the implied flow a NACL blocks (no declared flow): its warning goes, every other verdict stays', () => {
    const text = read('implied/lambda-rds-nacl-trap.yaml');
    const before = analyzeText(text);
    const finding = before.findings.find((f) => f.implied && f.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
    assert.ok(finding);
    const fixes = quickFixes(before, finding.range);
    assert.equal(fixes.length, 1, fixes.map((f) => f.title).join('; '));
    const again = analyzeText(apply(text, fixes[0].edits));
    assert.deepEqual(again.parse.problems, []);
    assert.ok(!again.findings.some((f) => f.code === finding.code), again.findings.map((f) => f.message).join('\n'));
    const was = verdicts(before);
    const now = verdicts(again);
    for (const [name, verdict] of was) assert.equal(now.get(name), finding.flows!.some((n) => name === `implied: ${n}`) ? 'reachable' : verdict, name);
  });
});

describe('line endings', () => {
  it('writes a fix in a CRLF template with CRLF line endings', () => {
    const text = read('fixes/sg-ingress-cidr.yaml').replace(/\n/g, '\r\n');
    const { after } = prove(text, 'SG_HAS_NO_RULES', 'subnet-to-db');
    assert.ok(!/[^\r]\n/.test(after), 'no bare line feed');
  });
});
