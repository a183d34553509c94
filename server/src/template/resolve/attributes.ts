// Fn::GetAtt attributes that matter to networking, per resource type, and how each is resolved.
// Anything not listed is an `unmodelled-attribute` unknown. Attribute names are from the CloudFormation
// resource reference ("Return values" of each type).
//   ref:    the resource's identity (RRef with the attribute), as the model links resources by it
//   prop:   the value of one of the resource's own properties; `absent` says why it is unknown when unset
//   deploy: assigned by AWS at deploy, unknown here
export type AttributeHow =
  | { how: 'ref' }
  | { how: 'prop'; prop: string; absent: string; asList?: boolean }
  | { how: 'deploy'; reason: string };

const ref: AttributeHow = { how: 'ref' };
const prop = (p: string, absent: string, asList = false): AttributeHow => ({ how: 'prop', prop: p, absent, asList });
const deploy = (reason: string): AttributeHow => ({ how: 'deploy', reason });

export const ATTRIBUTES: Record<string, Record<string, AttributeHow>> = {
  'AWS::EC2::VPC': {
    CidrBlock: prop('CidrBlock', 'the VPC has no CidrBlock property (an IPAM pool assigns it at deploy)'),
    CidrBlockAssociations: deploy('association IDs are assigned at deploy'),
    Ipv6CidrBlocks: deploy('Amazon-provided IPv6 blocks are assigned at deploy'),
    DefaultSecurityGroup: ref,
    DefaultNetworkAcl: ref,
    VpcId: ref,
  },
  'AWS::EC2::Subnet': {
    VpcId: prop('VpcId', 'the subnet has no VpcId property'),
    CidrBlock: prop('CidrBlock', 'the subnet has no CidrBlock property (an IPAM pool assigns it at deploy)'),
    AvailabilityZone: prop('AvailabilityZone', 'AWS picks the subnet zone at deploy'),
    AvailabilityZoneId: prop('AvailabilityZoneId', 'AWS picks the subnet zone at deploy'),
    Ipv6CidrBlocks: prop('Ipv6CidrBlock', 'the subnet has no Ipv6CidrBlock property', true),
    SubnetId: ref,
    NetworkAclAssociationId: deploy('the default NACL association is made at deploy'),
  },
  'AWS::EC2::SecurityGroup': {
    GroupId: ref,
    VpcId: prop('VpcId', 'the group has no VpcId property: it is in the default VPC'),
  },
  'AWS::EC2::EIP': {
    AllocationId: ref,
    PublicIp: deploy('the Elastic IP address is assigned at deploy'),
  },
  'AWS::EC2::NatGateway': { NatGatewayId: ref },
  'AWS::EC2::InternetGateway': { InternetGatewayId: ref },
  'AWS::EC2::RouteTable': { RouteTableId: ref },
  'AWS::EC2::NetworkAcl': { Id: ref },
  'AWS::EC2::TransitGateway': { Id: ref },
  'AWS::EC2::TransitGatewayAttachment': { Id: ref },
  'AWS::EC2::TransitGatewayRouteTable': { TransitGatewayRouteTableId: ref },
  'AWS::EC2::VPCPeeringConnection': { Id: ref },
  'AWS::EC2::PrefixList': { PrefixListId: ref, Arn: ref },
  'AWS::EC2::VPCCidrBlock': {
    Id: ref,
    Ipv6CidrBlock: prop('Ipv6CidrBlock', 'the Amazon-provided IPv6 block is assigned at deploy'),
  },
  'AWS::EC2::NetworkInterface': {
    Id: ref,
    PrimaryPrivateIpAddress: prop('PrivateIpAddress', 'the primary private address is picked from the subnet at deploy'),
    SecondaryPrivateIpAddresses: deploy('secondary private addresses are picked from the subnet at deploy'),
    PrimaryIpv6Address: deploy('the IPv6 address is picked from the subnet at deploy'),
  },
  'AWS::EC2::Instance': {
    InstanceId: ref,
    PrivateIp: prop('PrivateIpAddress', 'the private address is picked from the subnet at deploy'),
    PublicIp: deploy('the public address is assigned at deploy'),
    PrivateDnsName: deploy('DNS names are assigned at deploy'),
    PublicDnsName: deploy('DNS names are assigned at deploy'),
    AvailabilityZone: prop('AvailabilityZone', 'the zone follows the subnet, chosen at deploy'),
  },
  'AWS::RDS::DBInstance': {
    'Endpoint.Address': deploy('the database endpoint name is assigned at deploy'),
    'Endpoint.Port': prop('Port', "the port is the engine's default, not written in the template"),
    DBInstanceArn: ref,
  },
  'AWS::RDS::DBCluster': {
    'Endpoint.Address': deploy('the cluster endpoint name is assigned at deploy'),
    'Endpoint.Port': prop('Port', "the port is the engine's default, not written in the template"),
    'ReadEndpoint.Address': deploy('the reader endpoint name is assigned at deploy'),
    DBClusterArn: ref,
  },
  'AWS::EC2::VPCEndpoint': {
    Id: ref,
    NetworkInterfaceIds: deploy('endpoint network interfaces are created at deploy'),
    DnsEntries: deploy('endpoint DNS names are assigned at deploy'),
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    LoadBalancerArn: ref,
    DNSName: deploy('the load balancer DNS name is assigned at deploy'),
    SecurityGroups: prop('SecurityGroups', 'the load balancer has no SecurityGroups property'),
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { TargetGroupArn: ref },
  'AWS::Lambda::Function': { Arn: ref },
};

export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
