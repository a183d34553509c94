// Warming an analysis worker up before the first real document: a fresh worker runs the engine cold
// (unoptimised code), several times slower than a warm one, so opening a big template would pay for the
// JIT. The worker analyses a small template built here (both YAML styles, intrinsic functions, routes,
// NAT, NACL entries, SG rules by reference, declared flows that pass, die and stay undecided) a few
// times, in small steps, stopping as soon as real work arrives. Nothing is read from disk.
import { LiveDocument } from '../../analyze/live/live-document';
import { analyzeText } from '../../analyze/analyze';
import { traceUseCase } from '../../usecases/trace';
import { endpointList } from '../../usecases/endpoints';
import { hoverMarkdown, ruleParent } from '../../features/hover';
import { toSnapshot } from './snapshot';

/** A template of `vpcs` small VPCs (three tiers each), about 2.5 KB of YAML per VPC. */
export function warmupTemplate(vpcs: number): string {
  const flows: string[] = [];
  const resources: string[] = [];
  for (let i = 0; i < vpcs; i++) {
    const p = `W${i}`;
    const cidr = `10.${i % 250}.0.0/16`;
    flows.push(
      `      - {Name: ${p}-web-app, From: ${p}Web, To: ${p}App, Protocol: tcp, Port: 8080}`,
      `      - Name: ${p}-app-db`,
      `        From: ${p}App`,
      `        To: ${p}Db`,
      '        Protocol: tcp',
      '        Port: 5432',
      `      - {Name: ${p}-ssh, From: internet, To: ${p}App, Protocol: tcp, Port: 22, Expect: blocked}`,
      `      - {Name: ${p}-out, From: ${p}App, To: internet, Protocol: tcp, Port: 443}`,
    );
    resources.push(
      `  ${p}Vpc:`,
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      `      CidrBlock: ${cidr}`,
      `      Tags: [{Key: Name, Value: !Sub '\${Env}-${i}'}]`,
      `  ${p}Igw: {Type: AWS::EC2::InternetGateway}`,
      `  ${p}IgwAtt: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref ${p}Vpc, InternetGatewayId: !Ref ${p}Igw}}`,
      `  ${p}Pub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref ${p}Vpc, CidrBlock: !Select [0, !Cidr [!GetAtt ${p}Vpc.CidrBlock, 4, 8]], MapPublicIpOnLaunch: true, AvailabilityZone: !Select [0, !GetAZs '']}}`,
      `  ${p}Priv:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      `      VpcId: !Ref ${p}Vpc`,
      `      CidrBlock: !Select [1, !Cidr [!GetAtt ${p}Vpc.CidrBlock, 4, 8]]`,
      `  ${p}PubRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref ${p}Vpc}}`,
      `  ${p}PubRoute: {Type: AWS::EC2::Route, DependsOn: ${p}IgwAtt, Properties: {RouteTableId: !Ref ${p}PubRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref ${p}Igw}}`,
      `  ${p}PubRta: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref ${p}Pub, RouteTableId: !Ref ${p}PubRt}}`,
      `  ${p}Eip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}`,
      `  ${p}Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt ${p}Eip.AllocationId, SubnetId: !Ref ${p}Pub}}`,
      `  ${p}PrivRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref ${p}Vpc}}`,
      `  ${p}PrivRoute: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref ${p}PrivRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref ${p}Nat}}`,
      `  ${p}PrivRta: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref ${p}Priv, RouteTableId: !Ref ${p}PrivRt}}`,
      `  ${p}Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref ${p}Vpc}}`,
      `  ${p}AclIn: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref ${p}Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: ${cidr}, PortRange: {From: 5432, To: 8080}}}`,
      `  ${p}AclInEph: {Type: AWS::EC2::NetworkAclEntry, Properties: {NetworkAclId: !Ref ${p}Acl, RuleNumber: 110, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 1024, To: 65535}}}`,
      `  ${p}AclOut:`,
      '    Type: AWS::EC2::NetworkAclEntry',
      '    Properties:',
      `      NetworkAclId: !Ref ${p}Acl`,
      '      RuleNumber: 100',
      '      Protocol: -1',
      '      Egress: true',
      `      RuleAction: ${i % 2 === 0 ? 'allow' : 'deny'}`,
      '      CidrBlock: 0.0.0.0/0',
      `  ${p}AclAssoc: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref ${p}Priv, NetworkAclId: !Ref ${p}Acl}}`,
      `  ${p}WebSg:`,
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      `      GroupDescription: web`,
      `      VpcId: !Ref ${p}Vpc`,
      '      SecurityGroupIngress:',
      '        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}',
      `  ${p}AppSg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: app, VpcId: !Ref ${p}Vpc, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref ${p}WebSg}]}}`,
      `  ${p}DbSg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: db, VpcId: !Ref ${p}Vpc}}`,
      `  ${p}DbSgIn: {Type: AWS::EC2::SecurityGroupIngress, Properties: {GroupId: !GetAtt ${p}DbSg.GroupId, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !GetAtt ${p}AppSg.GroupId}}`,
      `  ${p}Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-12345678, SubnetId: !Ref ${p}Pub, SecurityGroupIds: [!Ref ${p}WebSg]}}`,
      `  ${p}App: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-12345678, SubnetId: !Ref ${p}Priv, SecurityGroupIds: [!GetAtt ${p}AppSg.GroupId]}}`,
      `  ${p}DbNet: {Type: AWS::RDS::DBSubnetGroup, Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref ${p}Priv]}}`,
      `  ${p}Db:`,
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      Engine: postgres',
      `      DBSubnetGroupName: !Ref ${p}DbNet`,
      `      VPCSecurityGroups: [!GetAtt ${p}DbSg.GroupId]`,
    );
  }
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Env: {Type: String, Default: warm}',
    'Metadata:',
    '  PacketWalk:',
    '    Flows:',
    ...flows,
    'Resources:',
    ...resources,
    '',
  ].join('\n');
}

/** The same template as JSON text, so the JSON reader is warm too. */
function warmupJson(): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } },
      Sub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.9.1.0/24' } },
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' } } },
      Host: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sub' }, SecurityGroupIds: [{ Ref: 'Sg' }] } },
    },
  });
}

/**
 * One warm-up step: the live path the editor takes (update, snapshot, hover on a rule, endpoints, a
 * trace), on a fresh LiveDocument so that nothing is kept. Returns a number so that nothing is optimised away.
 */
export function warmupStep(text: string): number {
  const live = new LiveDocument({});
  const result = live.update(text);
  let snapshot = toSnapshot(result);
  // The incremental path: a port changed inside a resource, then a YAML error typed inside one (its
  // parse problems only, as the editor asks), then repaired.
  live.prepare();
  const at = text.lastIndexOf('FromPort: 8080');
  const edited = at < 0 ? text : `${text.slice(0, at)}FromPort: 8081${text.slice(at + 14)}`;
  snapshot = toSnapshot(live.update(edited));
  const broken = live.update(`${edited.slice(0, at)}FromPort: [8081${edited.slice(at + 14)}`);
  toSnapshot(broken, true);
  snapshot = toSnapshot(live.update(edited));
  const rule = result.resources.find((r) => r.type === 'AWS::EC2::NetworkAclEntry');
  const full = result.full();
  const hover = rule
    ? hoverMarkdown(
        {
          outline: result.outline,
          resources: result.resources,
          flows: () => result.flows(),
          parentOf: (resource) => ruleParent(full.model, resource),
        },
        rule.keyRange.start,
        false,
      )
    : null;
  let traced = 0;
  if (full.model) {
    traced += endpointList(full.model).length;
    const spec = { from: 'W0App', to: 'W0Db', protocol: 'tcp' as const, port: 5432 };
    const outcome = traceUseCase(full, spec);
    if (outcome.ok) traced += outcome.trace.hops.length;
  }
  const json = analyzeText(warmupJson(), {}).findings.length;
  return snapshot.findings.length + snapshot.flows.length + broken.parseProblems.length + (hover?.length ?? 0) + traced + json;
}
