// The path model: the network as the data plane sees it, built from a resolved template. Every element
// points back to the template resource that declares it (or, for implicit elements, that implies it)
// and to the source range of the property that set it, so diagnostics and quick fixes land on the
// exact text. Values the template cannot decide are `Unknown`, never a guess.
import type { Problem, Range } from '../template/located';
import type { Cidr, Ip } from '../net/ip';
import type { PortRange } from '../net/ports';
import type { VpcPeering } from './peerings';
import type { TgwAttachment, TgwRouteTable, TransitGateway } from './transit-gateways';

export interface Unknown {
  unknown: true;
  reason: string;
  range: Range;
}
export type Maybe<T> = T | Unknown;

export function isUnknown<T>(v: Maybe<T> | undefined): v is Unknown {
  return typeof v === 'object' && v !== null && (v as Unknown).unknown === true;
}

/** Where an element comes from: the template resource and the range of the text that set it. */
export interface Origin {
  resource: string;
  range: Range;
  /** For elements a resource implies rather than declares: which one. */
  element?: 'mainRouteTable' | 'defaultNetworkAcl' | 'defaultSecurityGroup' | 'localRoute' | 'defaultEgress';
}

/** 'unknown' when the resource's Condition cannot be decided from the template. */
export type Existence = 'yes' | 'unknown';

export interface Vpc {
  id: string;
  /** `ipv6`: an IPv6 block (also when its value is assigned at deploy and so unknown). */
  cidrs: Array<{ cidr: Maybe<Cidr>; origin: Origin; exists: Existence; ipv6?: true }>;
  /** Model ids of the implicit elements every VPC has. */
  mainRouteTable: string;
  defaultNetworkAcl: string;
  defaultSecurityGroup: string;
  /** EnableDnsSupport (default true): whether the Amazon DNS server answers in this VPC. */
  dnsSupport?: { value: Maybe<boolean>; range: Range };
  origin: Origin;
  exists: Existence;
}

export interface Subnet {
  id: string;
  vpc: Maybe<string>;
  cidr: Maybe<Cidr>;
  ipv6Cidr?: Maybe<Cidr>;
  /**
   * When the IPv6 block is `Fn::Select [i, Fn::Cidr [<the VPC's IPv6 block>, n, bits]]` and the VPC's block is
   * assigned at deploy: block `index` of that VPC's block, `prefix` long. Unknown as a prefix, but inside the
   * VPC's block and disjoint from the other slots (model/ipv6-blocks.ts).
   */
  ipv6Slot?: { vpc: string; index: number; prefix: number };
  /** Ipv6Native: the subnet has no IPv4 block, and its interfaces no IPv4 address. */
  ipv6Native?: boolean;
  /** AssignIpv6AddressOnCreation: interfaces created in the subnet get an IPv6 address (default false). */
  assignIpv6OnCreation?: Maybe<boolean>;
  /** A zone name, or a symbolic "az[0]" when Fn::GetAZs ran in an unknown region. */
  az: Maybe<string>;
  mapPublicIpOnLaunch: Maybe<boolean>;
  /** Model id of the route table in force: an explicit association, or the VPC's main route table. */
  routeTable: Maybe<string>;
  routeTableAssociation?: Origin;
  networkAcl: Maybe<string>;
  networkAclAssociation?: Origin;
  /** Why EC2 refuses to create this subnet (its block), when it does: nothing is placed in it. */
  rejected?: string;
  origin: Origin;
  exists: Existence;
}

export type RouteTarget =
  | { kind: 'local'; vpc: string }
  | { kind: 'internet-gateway'; id: Maybe<string> }
  | { kind: 'egress-only-internet-gateway'; id: Maybe<string> }
  | { kind: 'nat-gateway'; id: Maybe<string> }
  | { kind: 'network-interface'; id: Maybe<string> }
  | { kind: 'instance'; id: Maybe<string> }
  | { kind: 'vpc-peering'; id: Maybe<string> }
  | { kind: 'transit-gateway'; id: Maybe<string> }
  | { kind: 'vpn-gateway'; id: Maybe<string> }
  /**
   * A VPC endpoint: a gateway endpoint's prefix-list route, or a middlebox endpoint (Gateway Load Balancer
   * endpoint). `firewall`: the route picks one endpoint of AWS::NetworkFirewall::Firewall `id` out of its
   * EndpointIds (model/network-firewalls.ts): `index` is the element selected, null when the template's
   * expression does not say which (then `reason` says why).
   */
  | { kind: 'vpc-endpoint'; id: Maybe<string>; firewall?: { index: number | null; reason?: string } }
  | { kind: 'carrier-gateway' | 'local-gateway' | 'core-network'; id: Maybe<string> }
  /** The route names a resource that the template does not create (conditionally absent, or not defined). */
  | { kind: 'missing'; id: string; reason: string };

/**
 * A route's prefix-list destination. `prefixList` is the model id of an AWS::EC2::PrefixList of the
 * template, a physical id (`pl-…`) or, for a gateway endpoint's route, the endpoint's ServiceName.
 * `service` (gateway endpoints): the AWS service whose managed list it is (`s3`, `dynamodb`), when known.
 */
export interface PrefixListDestination {
  prefixList: Maybe<string>;
  service?: string;
  /** The entries of a template prefix list, linked when the model is built; undefined = contents unknown. */
  entries?: PrefixList['entries'];
  family?: PrefixList['family'];
}

export interface Route {
  /** Model id, unique in the model (the AWS::EC2::Route logical id, or `<vpc>#local:<cidr>`). */
  id: string;
  destination: Maybe<Cidr> | PrefixListDestination;
  /** For a gateway endpoint's route: the AWS service its prefix list stands for (`s3`, `dynamodb`). */
  service?: string;
  target: RouteTarget;
  origin: Origin;
  exists: Existence;
  /**
   * Why EC2 rejects this route at deploy (a target in another VPC…): the template problem says so, and
   * the walk never uses such a route as if it worked (a lookup it could decide is unknown).
   */
  rejected?: string;
  /**
   * Propagated by a virtual private gateway (VPN, Direct Connect): it never beats the local route, nor a
   * static route to the same prefix.
   */
  propagated?: true;
  /**
   * The destination is the whole IPv6 block of this VPC, written as `Fn::Select [0, Fn::GetAtt Vpc.Ipv6CidrBlocks]`
   * (or a VPCCidrBlock's `Ipv6CidrBlock`) and assigned at deploy: unknown as a prefix, but it holds exactly
   * that VPC's IPv6 addresses.
   */
  ipv6BlockOf?: string;
}

/**
 * A customer-managed prefix list the template declares (AWS::EC2::PrefixList): its entries, each a
 * prefix of its own for longest-prefix match. `entries` is Unknown when the template cannot say them.
 */
export interface PrefixList {
  id: string;
  family: Maybe<4 | 6>;
  entries: Maybe<Array<{ cidr: Maybe<Cidr>; range: Range }>>;
  origin: Origin;
  exists: Existence;
}

export interface RouteTable {
  id: string;
  vpc: Maybe<string>;
  /** 'mainRouteTable' for the VPC's implicit main table (then origin.resource is the VPC). */
  implicit?: 'mainRouteTable';
  /** Local routes come first, one per VPC CIDR; then the template's routes. */
  routes: Route[];
  origin: Origin;
  exists: Existence;
}

export interface NaclEntry {
  /**
   * The AWS::EC2::NetworkAclEntry logical id, or `<vpc>#default-acl:<ingress|egress>:<n>` for the implicit
   * entries of a default NACL (n = 100 for 0.0.0.0/0, 101 for ::/0).
   */
  id: string;
  ruleNumber: Maybe<number>;
  egress: boolean;
  action: Maybe<'allow' | 'deny'>;
  /** IP protocol number; -1 = all. */
  protocol: Maybe<number>;
  cidr: Maybe<Cidr>;
  /** tcp/udp only; undefined means every port (or not applicable). */
  ports?: Maybe<PortRange>;
  icmp?: { type: number; code: number };
  origin: Origin;
  exists: Existence;
  /** Why `exists` is 'unknown' when it is not a Condition (e.g. an undecided Egress). */
  existsReason?: string;
}

export interface NetworkAcl {
  id: string;
  vpc: Maybe<string>;
  /** 'defaultNetworkAcl' for the VPC's implicit default NACL (rule 100 allow all, both ways, v4 and v6). */
  implicit?: 'defaultNetworkAcl';
  entries: NaclEntry[];
  origin: Origin;
  exists: Existence;
}

export type SgPeer =
  | { kind: 'cidr'; cidr: Maybe<Cidr> }
  | { kind: 'security-group'; group: Maybe<string> }
  | { kind: 'prefix-list'; id: Maybe<string>; entries?: PrefixList['entries'] };

export interface SgRule {
  id: string;
  direction: 'ingress' | 'egress';
  protocol: Maybe<number>;
  /** 'all' for protocol -1 (and protocols without ports); icmp type/code live in `icmp`. */
  ports: Maybe<PortRange> | 'all';
  icmp?: { type: number; code: number };
  peer: SgPeer;
  description?: string;
  /** CDK's "Disallow all traffic" placeholder (255.255.255.255/32, icmp 252/86): matches nothing. */
  placeholder?: boolean;
  /** The implicit allow-all egress rule CloudFormation keeps when a group declares no egress. */
  implicitDefaultEgress?: boolean;
  origin: Origin;
  exists: Existence;
}

export interface SecurityGroup {
  id: string;
  vpc: Maybe<string>;
  implicit?: 'defaultSecurityGroup';
  rules: SgRule[];
  /**
   * Why the effective egress is what it is, stated in traces that depend on it, e.g.
   * "SecurityGroup AppSg declares no egress rule, so CloudFormation keeps the default allow-all egress".
   */
  egressAssumption?: string;
  origin: Origin;
  exists: Existence;
}

export interface InternetGateway {
  id: string;
  attachments: Array<{ vpc: Maybe<string>; origin: Origin; exists: Existence }>;
  /**
   * A gateway route table edge-associated with it (AWS::EC2::GatewayRouteTableAssociation): traffic
   * entering through the gateway is routed by that table (to an appliance) before any subnet sees it.
   */
  edgeRouteTable?: { table: Maybe<string>; origin: Origin };
  origin: Origin;
  exists: Existence;
}

export interface NatGateway {
  id: string;
  subnet: Maybe<string>;
  connectivity: 'public' | 'private';
  /** The EIP resource whose allocation it uses (public NAT). */
  eip?: Maybe<string>;
  privateIp?: Maybe<Ip>;
  origin: Origin;
  exists: Existence;
}

/**
 * Gateways the walk does not traverse yet (egress-only IGW, VPN gateway, peering connection, transit
 * gateway, carrier/local gateway…), recorded so that routes can name them and the view can list them.
 * Added by the model builder.
 */
export interface OtherGateway {
  id: string;
  type: string;
  kind: 'egress-only-internet-gateway' | 'vpn-gateway' | 'vpc-peering' | 'transit-gateway' | 'carrier-gateway' | 'other';
  /** The VPCs it is attached to (peering: requester then accepter). */
  vpcs: Array<Maybe<string>>;
  /** A virtual private gateway's Site-to-Site VPN connections declared in the template (AWS::EC2::VPNConnection). */
  vpnConnections?: string[];
  origin: Origin;
  exists: Existence;
}

export interface ElasticIp {
  id: string;
  /** What the EIP is associated with (EIPAssociation, EIP.InstanceId, NAT gateway allocation). */
  associatedWith?: Maybe<{ kind: 'instance' | 'network-interface' | 'nat-gateway'; id: string }>;
  origin: Origin;
  exists: Existence;
}

/** How a placement gets a public IPv4 address, if it does. */
export type PublicAddress =
  | { kind: 'none'; reason: string }
  | { kind: 'auto'; reason: string } // MapPublicIpOnLaunch / AssociatePublicIpAddress
  | { kind: 'eip'; eip: string }
  | Unknown;

/**
 * Whether a placement has an IPv6 address (model/ipv6-addresses.ts): `fixed` addresses the template
 * writes (Ipv6Addresses), `auto` one EC2 assigns from the subnet's block (Ipv6AddressCount,
 * AssignIpv6AddressOnCreation, Lambda Ipv6AllowedForDualStack), or `none`, each with the reason.
 */
export type Ipv6Assignment = { kind: 'none'; reason: string } | { kind: 'fixed'; ips: Ip[]; reason: string } | { kind: 'auto'; reason: string } | Unknown;

/** One network presence of an endpoint: an ENI in a subnet (an instance's primary ENI, a Lambda ENI…). */
export interface Placement {
  subnet: Maybe<string>;
  /** undefined = some address in the subnet that the template does not fix. */
  privateIp?: Maybe<Ip>;
  publicIp: PublicAddress;
  /** Its IPv6 address, when the model reads it for this kind of endpoint (undefined: not modelled). */
  ipv6?: Ipv6Assignment;
  /** Model ids of the security groups on this ENI; an ENI given none gets the VPC's default SG. */
  securityGroups: Array<Maybe<string>>;
  usesDefaultSecurityGroup?: boolean;
  /** The ENI resource, when the placement is an explicit AWS::EC2::NetworkInterface. */
  networkInterface?: string;
  sourceDestCheck: boolean;
  /** SourceDestCheck's value when the template cannot know it (a parameter without value): why, and where. */
  sourceDestCheckUnknown?: Unknown;
  origin: Origin;
}

export type EndpointKind =
  | 'instance'
  | 'network-interface'
  | 'lambda'
  | 'rds-instance'
  | 'rds-cluster'
  | 'nat-gateway'
  /** ELB load balancers (v2 and classic), one placement per subnet. */
  | 'load-balancer'
  /** Interface and Gateway Load Balancer VPC endpoints, one placement per subnet. */
  | 'vpc-endpoint'
  /** A managed service's network interfaces (ECS tasks, EKS, ElastiCache, RDS Proxy, Redshift, OpenSearch, EFS, MSK…). */
  | 'service'
  | 'other';

/** Something that owns addresses and can start or receive a flow. */
export interface Endpoint {
  id: string;
  type: string;
  kind: EndpointKind;
  placements: Placement[];
  /** The source ports this endpoint picks when it initiates, and the assumption behind them. */
  ephemeral: { range: PortRange; assumption: string };
  /**
   * Load balancers only: the listeners the template declares for it
   * (AWS::ElasticLoadBalancingV2::Listener resources naming it, a classic load balancer's Listeners).
   * A load balancer accepts connections only on its listener ports (Reachability Analyzer
   * ELBV2_LISTENER_PORT_RESTRICTION). `port` undefined = every port (a Gateway Load Balancer listener);
   * `protocols` = IP protocol numbers it accepts, undefined when it cannot be told.
   */
  listeners?: LbListener[];
  /** Interface VPC endpoints: the AWS service (`secretsmanager`, `ecr.api`…) and whether private DNS names it. */
  service?: { name: string; privateDns: Maybe<boolean> };
  /** Load balancers only: type, scheme, cross-zone, classic instances. */
  loadBalancer?: LoadBalancerInfo;
  /**
   * A middlebox that routes send traffic through: an AWS Network Firewall (one endpoint per subnet
   * mapping) or a Gateway Load Balancer endpoint. `policy`: the firewall policy's logical id (or why it
   * is unknown); `service`: the AWS::EC2::VPCEndpointService a GWLB endpoint connects to, when the
   * template declares it; `loadBalancers`: that service's Gateway Load Balancers.
   */
  inspection?: { kind: 'firewall' | 'gwlb'; policy?: Maybe<string>; service?: string; loadBalancers?: string[] };
  /** EC2 instances: whether the instance metadata service answers (MetadataOptions.HttpEndpoint, default enabled). */
  metadataEndpoint?: { enabled: Maybe<boolean>; range: Range };
  origin: Origin;
  exists: Existence;
}

/** A load balancer listener, see Endpoint.listeners. */
export interface LbListener {
  id: string;
  port?: Maybe<number>;
  protocols?: number[];
  origin: Origin;
  exists: Existence;
  /**
   * The target groups its default actions and rules forward to (model ids, or Unknown for a group the
   * template does not define). Empty when every action is answered by the load balancer itself.
   */
  targetGroups?: Array<Maybe<string>>;
  /** An action the load balancer answers itself (fixed-response, redirect), when one is declared. */
  selfAnswer?: string;
  /** A classic load balancer's InstancePort: the port it connects to on its instances. */
  instancePort?: Maybe<number>;
}

/** What a load balancer endpoint is (the walk goes through it to its targets). */
export interface LoadBalancerInfo {
  type: 'application' | 'network' | 'gateway' | 'classic' | Unknown;
  scheme: 'internet-facing' | 'internal' | Unknown;
  /** load_balancing.cross_zone.enabled (NLB/GWLB default off; ALB and classic on). */
  crossZone: Maybe<boolean>;
  /** A classic load balancer's registered instances (model endpoint ids). */
  instances?: Array<Maybe<string>>;
  /** A classic load balancer's HealthCheck.Target (`TCP:80`, `HTTP:80/health`): its nodes check each instance there. */
  healthCheck?: { port: Maybe<number>; protocol: string; origin: Origin };
}

/** An AWS::ElasticLoadBalancingV2::TargetGroup. */
export interface TargetGroup {
  id: string;
  targetType: 'instance' | 'ip' | 'lambda' | 'alb' | Unknown;
  protocol?: string;
  port?: Maybe<number>;
  /** preserve_client_ip.enabled when set; undefined = the default for the target type and protocol. */
  preserveClientIp?: Maybe<boolean>;
  /** How the load balancer's nodes check its targets (ELBv2 target group Health* properties); absent for Lambda and ALB targets. */
  healthCheck?: TargetHealthCheck;
  targets: LbTarget[];
  origin: Origin;
  exists: Existence;
}

/**
 * A target group's health check: from every load balancer node to every registered target, over TCP
 * (HTTP and HTTPS checks are requests on a TCP connection), on `port` ('traffic-port': the port each
 * target receives traffic on). `origin` points at HealthCheckPort when written, else at the group.
 */
export interface TargetHealthCheck {
  /** HealthCheckEnabled (default true for instance and IP targets). */
  enabled: Maybe<boolean>;
  port: 'traffic-port' | Maybe<number>;
  /** HealthCheckProtocol: HTTP, HTTPS or TCP (default HTTP for an HTTP/HTTPS group, TCP otherwise). */
  protocol: string;
  origin: Origin;
}

/** One registered target: an endpoint of the model (instance, ASG, ECS service, Lambda…) or an address. */
export interface LbTarget {
  target: { kind: 'endpoint'; id: string } | { kind: 'address'; ip: string } | Unknown;
  /** The port traffic is sent to: the target's own Port, the ECS ContainerPort, else the group's Port. */
  port?: Maybe<number>;
  /** How it is registered, for messages: "Targets", "TargetGroupARNs of MyAsg", "LoadBalancers of MySvc". */
  via: string;
  origin: Origin;
}

export type FlowProtocol = 'tcp' | 'udp' | 'icmp' | 'all';

export interface DeclaredFlow {
  name: string;
  from: string;
  to: string;
  protocol: FlowProtocol;
  /** tcp/udp: required; icmp: optional type; all: ignored. */
  port?: PortRange;
  expect: 'reachable' | 'blocked';
  sourceIp?: string;
  sourcePort?: number;
  /** IpVersion: 6 walks the flow with IPv6 addresses, routes and rules only (default: 4, or 6 for an IPv6 address). */
  ipVersion?: 4 | 6;
  description?: string;
  /** Where the flow is declared (the list item, or the NetworkInsightsPath resource). */
  origin: Origin;
  /** Where `From` and `To` are written, when they are (a misspelt name is reported there). */
  endpointRanges?: { from?: Range; to?: Range };
  declaredBy: 'metadata' | 'network-insights-path';
}

export interface ModelUnknown {
  resource: string;
  property: string;
  reason: string;
  range: Range;
}

export interface NetworkModel {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  elasticIps: ElasticIp[];
  endpoints: Endpoint[];
  /** Optional: gateways other than IGW and NAT, see OtherGateway. */
  otherGateways?: OtherGateway[];
  /** Optional: the customer-managed prefix lists the template declares. */
  prefixLists?: PrefixList[];
  /** VPC peering connections (model/peerings.ts). */
  peerings?: VpcPeering[];
  /** Transit gateways, their attachments, route tables and associations (model/transit-gateways.ts). */
  transitGateways?: TransitGateway[];
  tgwAttachments?: TgwAttachment[];
  tgwRouteTables?: TgwRouteTable[];
  tgwAssociations?: Map<string, { table: Maybe<string>; origin: Origin }>;
  flows: DeclaredFlow[];
  unknowns: ModelUnknown[];
  problems: Problem[];
  /** Lookups by model id, one map per element kind (built once with the model). */
  index: ModelIndex;
  /** Every logical id the template defines (also absent ones), for "did you mean" messages. */
  logicalIds: string[];
  /** Resources whose Condition is false (not created), with that Condition's name. */
  absent?: Map<string, string>;
  /** Target groups of load balancers, with their registered targets. */
  targetGroups?: TargetGroup[];
  /** Fn::ForEach loops left unexpanded (unknown collection): the logical-id patterns they would create. */
  unexpandedLoops?: Array<{ name: string; reason: string; keys: RegExp[] }>;
  /** Nested stacks and custom resources: why what they create is not in the template (model/opaque-resources.ts). */
  opaque?: Map<string, string>;
}

export interface ModelIndex {
  vpc: Map<string, Vpc>;
  subnet: Map<string, Subnet>;
  routeTable: Map<string, RouteTable>;
  networkAcl: Map<string, NetworkAcl>;
  securityGroup: Map<string, SecurityGroup>;
  internetGateway: Map<string, InternetGateway>;
  natGateway: Map<string, NatGateway>;
  elasticIp: Map<string, ElasticIp>;
  endpoint: Map<string, Endpoint>;
  /** Optional. */
  otherGateway?: Map<string, OtherGateway>;
  targetGroup?: Map<string, TargetGroup>;
  /** Optional. */
  prefixList?: Map<string, PrefixList>;
  peering?: Map<string, VpcPeering>;
  transitGateway?: Map<string, TransitGateway>;
  tgwRouteTable?: Map<string, TgwRouteTable>;
}
