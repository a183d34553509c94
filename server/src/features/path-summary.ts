// A trace's path in one line per direction, for places that cannot draw (hover Markdown, plain text):
// each element with its decision mark, the drop marked ✗ before its name, and the hops walked after the
// first drop counted rather than listed (they only look for further blockers; nothing got through there).
// "SG AppSg ✓ → default NACL ✓ → main route table ✓ → NACL DbNacl ✓ → SG DbSg ✓"
import type { Hop } from '../../../shared/protocol';

const SHORT: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'SG',
  'AWS::EC2::NetworkAcl': 'NACL',
  'AWS::EC2::NetworkAclEntry': 'NACL entry',
  'AWS::EC2::RouteTable': 'route table',
  'AWS::EC2::Route': 'route',
  'AWS::EC2::InternetGateway': 'IGW',
  'AWS::EC2::EgressOnlyInternetGateway': 'egress-only IGW',
  'AWS::EC2::NatGateway': 'NAT',
  'AWS::EC2::TransitGateway': 'TGW',
  'AWS::EC2::TransitGatewayAttachment': 'TGW attachment',
  'AWS::EC2::TransitGatewayVpcAttachment': 'TGW attachment',
  'AWS::EC2::TransitGatewayPeeringAttachment': 'TGW peering',
  'AWS::EC2::TransitGatewayRouteTable': 'TGW route table',
  'AWS::EC2::VPCPeeringConnection': 'peering',
  'AWS::EC2::VPCEndpoint': 'endpoint',
  'AWS::NetworkFirewall::Firewall': 'firewall',
  'AWS::EC2::VPNConnection': 'VPN',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'LB',
  'AWS::ElasticLoadBalancingV2::Listener': 'listener',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'target group',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'LB',
};

/** "NACL DbNacl", "default NACL" (an implicit element is named by what it is), "SG AppSg". */
export function hopLabel(hop: Hop): string {
  if (hop.element) return hop.element.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\bnetwork acl\b/g, 'NACL');
  const kind = SHORT[hop.type] ?? hop.type.split('::').pop() ?? '';
  return kind ? `${kind} ${hop.resource}` : hop.resource;
}

/** One direction's hops as a line; '' when there are none. */
export function pathSummary(hops: readonly Hop[]): string {
  const shown: string[] = [];
  let after = 0;
  for (const hop of hops) {
    if (hop.afterDrop) {
      after++;
      continue;
    }
    const label = hopLabel(hop);
    shown.push(hop.decision === 'pass' ? `${label} ✓` : hop.decision === 'drop' ? `✗ ${label}` : `? ${label}`);
  }
  if (after > 0) shown.push(`(${after} not reached)`);
  return shown.join(' → ');
}
