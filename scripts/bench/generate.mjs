// Generates realistic large CloudFormation templates for the benchmark: N VPCs, each laid out the way
// hand-written and landing-zone templates usually are (public and private subnets in two zones carved
// with Fn::Cidr and placed with Fn::Select/Fn::GetAZs, an internet gateway, a NAT gateway with its EIP,
// route tables, a NACL with ephemeral return rules, web → app → db security groups chained by SG
// references, instances and an RDS instance), plus declared flows in `Metadata: PacketWalk: Flows`.
//
// Deterministic: the same (vpcs, seed) always gives the same text, so timings are comparable between runs.
// Some VPCs carry a deliberate mistake (a NACL without the outbound ephemeral rule, a DB security group
// that forgot the app tier) so that the benchmark measures the cost of findings too, not only of green paths.
//
// Usage as a script: node scripts/bench/generate.mjs <vpcs> [seed] [flows] > big.yaml

/** Small seeded PRNG (mulberry32): enough for layout choices, reproducible everywhere. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** VPC i's block: 10.i.0.0/16 for the first 256, then /20s in 172.16.0.0/12, so no two VPCs overlap. */
function vpcCidr(i) {
  if (i < 256) return `10.${i}.0.0/16`;
  const j = i - 256;
  return `172.${16 + (j >> 4)}.${(j & 15) * 16}.0/20`;
}

/**
 * Address `host` of the /24 number `block` of VPC i (its subnets are blocks 0-3: PubA, PubB, PrivA, PrivB,
 * carved by `!Cidr [vpc, 4, 8]`; blocks 4-15 are in the VPC but in no subnet).
 */
function vpcAddress(i, block, host) {
  if (i < 256) return `10.${i}.${block}.${host}`;
  const j = i - 256;
  return `172.${16 + (j >> 4)}.${(j & 15) * 16 + block}.${host}`;
}

/** Every third VPC gives its App instance a fixed private address (flows then name it). */
const fixedAppIp = (i) => (i % 3 === 0 ? vpcAddress(i, 2, 10) : null);

/**
 * Kinds of declared flows beyond the logical ids and `internet` every VPC has, as people write them:
 * public addresses, CIDRs, SourceIp pins, addresses inside the VPC (a subnet's host, an instance's fixed
 * address, an address in no subnet, an address in another VPC's subnet).
 */
export const FLOW_KINDS = ['public', 'cidr', 'sourceip', 'inside'];

const INSTANCE_TYPES = ['t3.micro', 't3.small', 'm6i.large', 'c6i.large'];
const TEAMS = ['payments', 'search', 'identity', 'ledger', 'catalog', 'billing', 'growth', 'infra'];

/**
 * One VPC's resources, as YAML lines indented under `Resources:`. Short resources are written in flow
 * style on one line (as many hand-written templates do), the tiers in block style; both styles are
 * thus on the parser's hot path, and ~380 VPCs come to about 1 MB.
 */
function vpcBlock(i, rnd) {
  const p = `V${i}`;
  const cidr = vpcCidr(i);
  const team = TEAMS[Math.floor(rnd() * TEAMS.length)];
  const itype = INSTANCE_TYPES[Math.floor(rnd() * INSTANCE_TYPES.length)];
  // Every seventh VPC forgets the outbound ephemeral NACL rule; every eleventh DB SG trusts the web tier
  // instead of the app tier: declared flows then fail, and the benchmark pays for findings too.
  const naclBug = i % 7 === 3;
  const sgBug = i % 11 === 5;
  const appPort = 8000 + (i % 100);
  const r = (name, type, props) => `  ${p}${name}: {Type: '${type}', Properties: {${props}}}`;
  const subnet = (name, idx, az, pub) =>
    r(name, 'AWS::EC2::Subnet', `VpcId: !Ref ${p}Vpc, CidrBlock: !Select [${idx}, !Cidr [!GetAtt ${p}Vpc.CidrBlock, 4, 8]], AvailabilityZone: !Select [${az}, !GetAZs ''], MapPublicIpOnLaunch: ${pub}`);
  const rtAssoc = (sn, rt) => r(`${sn}Rta`, 'AWS::EC2::SubnetRouteTableAssociation', `SubnetId: !Ref ${p}${sn}, RouteTableId: !Ref ${p}${rt}`);
  const nacl = (name, rule, egress, from, to, peer, action = 'allow') =>
    r(`Acl${name}`, 'AWS::EC2::NetworkAclEntry', `NetworkAclId: !Ref ${p}Acl, RuleNumber: ${rule}, Protocol: 6, RuleAction: ${action}, Egress: ${egress}, CidrBlock: ${peer}, PortRange: {From: ${from}, To: ${to}}`);
  const lines = [
    `  # VPC ${i}: ${team}`,
    `  ${p}Vpc:`,
    `    Type: AWS::EC2::VPC`,
    `    Properties:`,
    `      CidrBlock: ${cidr}`,
    `      EnableDnsHostnames: true`,
    `      Tags: [{Key: Name, Value: !Sub '\${EnvName}-${team}-${i}'}]`,
    r('Igw', 'AWS::EC2::InternetGateway', ''),
    r('IgwAtt', 'AWS::EC2::VPCGatewayAttachment', `VpcId: !Ref ${p}Vpc, InternetGatewayId: !Ref ${p}Igw`),
    subnet('PubA', 0, 0, true),
    subnet('PubB', 1, 1, true),
    subnet('PrivA', 2, 0, false),
    subnet('PrivB', 3, 1, false),
    r('PubRt', 'AWS::EC2::RouteTable', `VpcId: !Ref ${p}Vpc`),
    `  ${p}PubRoute: {Type: 'AWS::EC2::Route', DependsOn: ${p}IgwAtt, Properties: {RouteTableId: !Ref ${p}PubRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref ${p}Igw}}`,
    rtAssoc('PubA', 'PubRt'),
    rtAssoc('PubB', 'PubRt'),
    r('NatEip', 'AWS::EC2::EIP', 'Domain: vpc'),
    r('Nat', 'AWS::EC2::NatGateway', `AllocationId: !GetAtt ${p}NatEip.AllocationId, SubnetId: !Ref ${p}PubA`),
    r('PrivRt', 'AWS::EC2::RouteTable', `VpcId: !Ref ${p}Vpc`),
    r('PrivRoute', 'AWS::EC2::Route', `RouteTableId: !Ref ${p}PrivRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref ${p}Nat`),
    rtAssoc('PrivA', 'PrivRt'),
    rtAssoc('PrivB', 'PrivRt'),
    r('Acl', 'AWS::EC2::NetworkAcl', `VpcId: !Ref ${p}Vpc`),
    nacl('InSsh', 90, false, 22, 22, '0.0.0.0/0', 'deny'),
    nacl('InApp', 100, false, appPort, appPort, cidr),
    nacl('InDb', 110, false, 5432, 5432, cidr),
    nacl('InEph', 120, false, 1024, 65535, '0.0.0.0/0'),
    nacl('OutHttps', 100, true, 443, 443, '0.0.0.0/0'),
    nacl('OutDb', 110, true, 5432, 5432, cidr),
    ...(naclBug ? [] : [nacl('OutEph', 120, true, 1024, 65535, cidr)]),
    r('PrivAAcl', 'AWS::EC2::SubnetNetworkAclAssociation', `SubnetId: !Ref ${p}PrivA, NetworkAclId: !Ref ${p}Acl`),
    r('PrivBAcl', 'AWS::EC2::SubnetNetworkAclAssociation', `SubnetId: !Ref ${p}PrivB, NetworkAclId: !Ref ${p}Acl`),
    `  ${p}WebSg:`,
    `    Type: AWS::EC2::SecurityGroup`,
    `    Properties:`,
    `      GroupDescription: web ${i}`,
    `      VpcId: !Ref ${p}Vpc`,
    `      SecurityGroupIngress:`,
    `        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}`,
    `  ${p}AppSg:`,
    `    Type: AWS::EC2::SecurityGroup`,
    `    Properties:`,
    `      GroupDescription: app ${i}`,
    `      VpcId: !Ref ${p}Vpc`,
    `      SecurityGroupIngress:`,
    `        - {IpProtocol: tcp, FromPort: ${appPort}, ToPort: ${appPort}, SourceSecurityGroupId: !Ref ${p}WebSg}`,
    r('DbSg', 'AWS::EC2::SecurityGroup', `GroupDescription: db ${i}, VpcId: !Ref ${p}Vpc`),
    r('DbSgIn', 'AWS::EC2::SecurityGroupIngress', `GroupId: !GetAtt ${p}DbSg.GroupId, IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !GetAtt ${p}${sgBug ? 'Web' : 'App'}Sg.GroupId`),
    r('Web', 'AWS::EC2::Instance', `ImageId: ami-0abcdef1234567890, InstanceType: ${itype}, SubnetId: !Ref ${p}PubA, SecurityGroupIds: [!Ref ${p}WebSg]`),
    r('App', 'AWS::EC2::Instance', `ImageId: ami-0abcdef1234567890, InstanceType: ${itype}, SubnetId: !Ref ${p}PrivA, SecurityGroupIds: [!GetAtt ${p}AppSg.GroupId]${fixedAppIp(i) ? `, PrivateIpAddress: ${fixedAppIp(i)}` : ''}`),
    r('DbNet', 'AWS::RDS::DBSubnetGroup', `DBSubnetGroupDescription: db ${i}, SubnetIds: [!Ref ${p}PrivA, !Ref ${p}PrivB]`),
    `  ${p}Db:`,
    `    Type: AWS::RDS::DBInstance`,
    `    Properties:`,
    `      Engine: postgres`,
    `      DBInstanceClass: db.t3.medium`,
    `      DBSubnetGroupName: !Ref ${p}DbNet`,
    `      VPCSecurityGroups: [!GetAtt ${p}DbSg.GroupId]`,
  ];
  return { lines, naclBug, sgBug, appPort };
}

/**
 * The declared flows of VPC i: the three tiers, egress through NAT, and what must stay closed (logical
 * ids and `internet`), then those of the address kinds `kinds` (see FLOW_KINDS).
 */
function vpcFlows(i, info, kinds, vpcs) {
  const p = `V${i}`;
  const f = (name, from, to, port, expect, extra = '') =>
    `      - {Name: ${p.toLowerCase()}-${name}, From: ${from}, To: ${to}, Protocol: tcp, Port: ${port}${expect ? `, Expect: ${expect}` : ''}${extra}}`;
  const out = [
    f('web', 'internet', `${p}Web`, 443),
    f('web-app', `${p}Web`, `${p}App`, info.appPort),
    f('app-db', `${p}App`, `${p}Db`, 5432),
    f('app-out', `${p}App`, 'internet', 443),
    f('db-closed', 'internet', `${p}Db`, 5432, 'blocked'),
  ];
  const fixed = fixedAppIp(i);
  for (const kind of kinds) {
    if (kind === 'public') {
      out.push(f('web-public', `198.51.100.${1 + (i % 250)}`, `${p}Web`, 443), f('app-public', `${p}App`, `203.0.113.${1 + (i % 250)}`, 443));
    } else if (kind === 'cidr') {
      out.push(f('web-cidr', '198.51.100.0/24', `${p}Web`, 443), f('app-cidr', `${p}App`, `${vpcAddress(i, 3, 0)}/28`, 5432));
    } else if (kind === 'sourceip') {
      out.push(f('web-pinned', 'internet', `${p}Web`, 443, '', `, SourceIp: 198.51.100.${7 + (i % 200)}`), f('app-pinned', `${p}App`, `${p}Db`, 5432, '', `, SourceIp: ${fixed ?? vpcAddress(i, 2, 50)}`));
    } else if (kind === 'inside') {
      out.push(f('app-subnet', `${p}App`, vpcAddress(i, 3, 20), 5432));
      if (fixed) out.push(f('web-app-ip', `${p}Web`, fixed, info.appPort));
      // Some VPCs name an address in no subnet (an error), some one in the next VPC's subnet (no peering).
      if (i % 13 === 6) out.push(f('app-nowhere', `${p}App`, vpcAddress(i, 10, 5), 5432));
      if (i % 9 === 4 && i + 1 < vpcs) out.push(f('app-next-vpc', `${p}App`, vpcAddress(i + 1, 2, 30), 5432, 'blocked'));
    }
  }
  return out;
}

/**
 * A template with `vpcs` VPCs. Flows: 'mixed' (default: each VPC has one address kind, in turn), 'all'
 * (every kind in every VPC), 'ids' (logical ids and `internet` only), or one of FLOW_KINDS in every VPC.
 * ~2.8 KB per VPC: about 360 VPCs make 1 MB.
 */
export function generateTemplate(vpcs, seed = 1, flows = 'mixed') {
  const rnd = prng(seed * 7919 + vpcs);
  const blocks = [];
  const flowLines = [];
  for (let i = 0; i < vpcs; i++) {
    const b = vpcBlock(i, rnd);
    blocks.push(b.lines.join('\n'));
    const kinds = flows === 'mixed' ? [FLOW_KINDS[i % FLOW_KINDS.length]] : flows === 'all' ? FLOW_KINDS : flows === 'ids' ? [] : [flows];
    flowLines.push(vpcFlows(i, b, kinds, vpcs).join('\n'));
  }
  const head = [
    `AWSTemplateFormatVersion: '2010-09-09'`,
    `Description: Generated landing zone with ${vpcs} three-tier VPCs (packetwalk benchmark, seed ${seed})`,
    `Parameters:`,
    `  EnvName:`,
    `    Type: String`,
    `    Default: bench`,
    `    AllowedPattern: '[a-z0-9-]+'`,
    `Metadata:`,
    `  PacketWalk:`,
    `    Flows:`,
    flowLines.join('\n'),
    `Resources:`,
  ].join('\n');
  const outputs = [`Outputs:`, `  FirstVpc:`, `    Value: !Ref V0Vpc`, `    Export:`, `      Name: !Sub '\${EnvName}-first-vpc'`].join('\n');
  return `${head}\n${blocks.join('\n')}\n${outputs}\n`;
}

/** Number of VPCs whose template is closest to `bytes` long (the size grows linearly). */
export function vpcsForSize(bytes, seed = 1, flows = 'mixed') {
  const per = (generateTemplate(20, seed, flows).length - generateTemplate(10, seed, flows).length) / 10;
  return Math.max(1, Math.round(bytes / per));
}

if (/[\\/]scripts[\\/]bench[\\/]generate\.mjs$/.test(process.argv[1] ?? "")) {
  const n = Number(process.argv[2] ?? 10);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(generateTemplate(n, seed, process.argv[4] ?? 'mixed'));
}
