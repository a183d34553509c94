// A CDK app with its network in one stack and its servers in another, and flows declared the three
// ways packetwalk reads them, with construct paths as endpoint names. Synthesize with
// `cdk synth` (or `node app.js`), then `packetwalk check cdk.out`.
const { App, Stack, Validations } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

const app = new App({ outdir: require('path').join(__dirname, 'cdk.out') });

const network = new Stack(app, 'Network');
const vpc = new ec2.Vpc(network, 'Vpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 1, natGateways: 0,
  subnetConfiguration: [
    { name: 'web', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
    { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
  ],
});
const dataAcl = new ec2.NetworkAcl(network, 'DataAcl', { vpc, subnetSelection: { subnetGroupName: 'data' } });
dataAcl.addEntry('DbIn', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPort(5432), direction: ec2.TrafficDirection.INGRESS });
// Replies to the web servers leave on their ephemeral ports: allow those, not only 5432.
dataAcl.addEntry('RepliesOut', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.EGRESS });

const servers = new Stack(app, 'Servers');
const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
const instanceType = new ec2.InstanceType('t3.micro');
const webSg = new ec2.SecurityGroup(servers, 'WebSg', { vpc });
webSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
const dbSg = new ec2.SecurityGroup(servers, 'DbSg', { vpc });
dbSg.addIngressRule(webSg, ec2.Port.tcp(5432));
const web = new ec2.Instance(servers, 'Web', { vpc, instanceType, machineImage: image, securityGroup: webSg, vpcSubnets: { subnetGroupName: 'web' } });
const db = new ec2.Instance(servers, 'Db', { vpc, instanceType, machineImage: image, securityGroup: dbSg, vpcSubnets: { subnetGroupName: 'data' } });

// 1. Template metadata: any endpoints, either expectation. Construct paths name resources of any stack.
servers.templateOptions.metadata = {
  PacketWalk: {
    Flows: [
      { Name: 'https-in', From: 'internet', To: 'Servers/Web', Protocol: 'tcp', Port: 443 },
      { Name: 'no-db-from-internet', From: 'internet', To: 'Servers/Db', Protocol: 'tcp', Port: 5432, Expect: 'blocked' },
      { Name: 'web-to-data-subnet', From: 'Servers/Web', To: 'Network/Vpc/dataSubnet1/Subnet', Protocol: 'tcp', Port: 5432 },
    ],
  },
};

// 2. CloudFormation's own declaration of an intended path (Reachability Analyzer reads it after deploy).
new ec2.CfnNetworkInsightsPath(servers, 'WebToDbPath', { source: web.instanceId, destination: db.instanceId, protocol: 'tcp', destinationPort: 5432 });

// 3. Metadata on a construct's default child: `From` defaults to that resource.
web.instance.addMetadata('PacketWalk', { Flows: [{ Name: 'web-to-db', To: 'Servers/Db', Protocol: 'tcp', Port: 5432 }] });

// Optional: fail `cdk synth` itself when a flow is blocked (npm install --save-dev packetwalk).
if (process.env.PACKETWALK_PLUGIN === '1') Validations.of(app).addPlugins(new (require('packetwalk/cdk').PacketWalkValidation)());

app.synth();
