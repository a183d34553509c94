// Generates large templates for the responsiveness tests: `hosts` instances, each in its own subnet with
// its own security group, and `flows` declared flows between them (most blocked by the groups).
export function generatedTemplate(hosts: number, flows: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Metadata:', '  PacketWalk:', '    Flows:'];
  for (let i = 0; i < flows; i++) {
    const a = i % hosts;
    const b = (i * 7 + 3) % hosts;
    lines.push(`      - Name: f${i}`, `        From: Host${a}`, `        To: Host${b}`, '        Protocol: tcp', `        Port: ${1000 + (i % 50)}`);
  }
  lines.push('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/8');
  for (let i = 0; i < hosts; i++) {
    lines.push(`  Subnet${i}:`, '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', `      CidrBlock: 10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    lines.push(`  Sg${i}:`, '    Type: AWS::EC2::SecurityGroup', '    Properties:', `      GroupDescription: g${i}`, '      VpcId: !Ref Vpc', '      SecurityGroupIngress:');
    for (let r = 0; r < 5; r++) {
      lines.push('        - IpProtocol: tcp', `          FromPort: ${1000 + r * 10}`, `          ToPort: ${1005 + r * 10}`, '          CidrIp: 10.0.0.0/8');
    }
    lines.push(`  Host${i}:`, '    Type: AWS::EC2::Instance', '    Properties:', `      SubnetId: !Ref Subnet${i}`, `      SecurityGroupIds: [!Ref Sg${i}]`);
  }
  return `${lines.join('\n')}\n`;
}
