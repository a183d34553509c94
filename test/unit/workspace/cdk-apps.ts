// Real CDK apps, synthesized at test time: the app is written to a temporary folder as a plain
// JavaScript file and run by node (as `cdk synth` runs it), so that `aws:cdk:creationStack` records
// lines of that file. aws-cdk-lib comes from the repository's node_modules.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: the nearest folder up with a package.json (tests are bundled from several depths). */
export const REPO = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export interface SynthedApp {
  dir: string;
  appFile: string;
  outdir: string;
  /** 1-based line of the first line of the app source that holds `marker`. */
  line(marker: string): number;
}

/** Writes `source` as app.js in a fresh temp dir (or `dir`) and runs it; the app synthesizes into ./cdk.out. */
export function synth(source: string, options: { dir?: string; env?: Record<string, string> } = {}): SynthedApp {
  const r = runApp(source, options);
  if (r.status !== 0) throw new Error(`synth failed (${r.status}): ${r.stderr}`);
  return r.app;
}

/** Runs the app whatever its outcome (a validation plugin may fail the synth). `packetwalk` resolves to this repository, as an installed package would. */
export function runApp(source: string, options: { dir?: string; env?: Record<string, string> } = {}): { app: SynthedApp; status: number | null; stdout: string; stderr: string } {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cdk-'));
  const appFile = path.join(dir, 'app.js');
  fs.writeFileSync(appFile, source);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  if (!fs.existsSync(path.join(dir, 'node_modules', 'packetwalk'))) fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'packetwalk'), 'dir');
  const r = spawnSync(process.execPath, [appFile], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules'), ...options.env },
  });
  const lines = source.split('\n');
  const app: SynthedApp = {
    dir,
    appFile,
    outdir: path.join(dir, 'cdk.out'),
    line: (marker) => {
      const i = lines.findIndex((l) => l.includes(marker));
      if (i < 0) throw new Error(`no line with ${marker}`);
      return i + 1;
    },
  };
  return { app, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The app with packetwalk registered as a cdk synth validation plugin. */
export function withPlugin(source: string): string {
  return source.replace(
    'app.synth();',
    "require('aws-cdk-lib').Validations.of(app).addPlugins(new (require('packetwalk/cdk').PacketWalkValidation)());\napp.synth();",
  );
}

/**
 * A network stack (a VPC with public `web` and isolated `data` subnets, a NACL on the data subnets) and an
 * application stack using it through CDK's default strong cross-stack references (Fn::ImportValue), with a
 * NestedStack of workers; the same pair again inside a Stage. `FIXED=1` opens the NACL's return path.
 */
export const TWO_STACK_APP = String.raw`
const { App, Stack, Stage, NestedStack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const fixed = process.env.FIXED === '1';

function build(scope, prefix) {
  const net = new Stack(scope, 'NetworkStack');
  const vpc = new ec2.Vpc(net, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 1, natGateways: 0,
    subnetConfiguration: [
      { name: 'web', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  const acl = new ec2.NetworkAcl(net, 'DataAcl', { vpc, subnetSelection: { subnetGroupName: 'data' } }); // @DataAcl
  acl.addEntry('DbIn', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPort(5432), direction: ec2.TrafficDirection.INGRESS });
  acl.addEntry('DbOut', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), // @DbOut
    traffic: fixed ? ec2.AclTraffic.tcpPortRange(1024, 65535) : ec2.AclTraffic.tcpPort(5432), direction: ec2.TrafficDirection.EGRESS });

  const app = new Stack(scope, 'AppStack');
  const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
  const type = new ec2.InstanceType('t3.micro');
  const webSg = new ec2.SecurityGroup(app, 'WebSg', { vpc, allowAllOutbound: true });
  webSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
  const dbSg = new ec2.SecurityGroup(app, 'DbSg', { vpc, allowAllOutbound: true });
  dbSg.addIngressRule(webSg, ec2.Port.tcp(5432));
  new ec2.Instance(app, 'Web', { vpc, instanceType: type, machineImage: image, securityGroup: webSg, vpcSubnets: { subnetGroupName: 'web' } });
  new ec2.Instance(app, 'Db', { vpc, instanceType: type, machineImage: image, securityGroup: dbSg, vpcSubnets: { subnetGroupName: 'data' } }); // @Db

  const workers = new NestedStack(app, 'Workers');
  const workerSg = new ec2.SecurityGroup(workers, 'WorkerSg', { vpc, allowAllOutbound: true });
  new ec2.Instance(workers, 'Worker', { vpc, instanceType: type, machineImage: image, securityGroup: workerSg, vpcSubnets: { subnetGroupName: 'data' } });

  app.templateOptions.metadata = {
    PacketWalk: {
      Flows: [
        { Name: 'web-to-db', From: prefix + 'AppStack/Web', To: prefix + 'AppStack/Db', Protocol: 'tcp', Port: 5432 },
        { Name: 'internet-to-web', From: 'internet', To: prefix + 'AppStack/Web', Protocol: 'tcp', Port: 443 },
        { Name: 'worker-to-db', From: prefix + 'AppStack/Workers/Worker', To: prefix + 'AppStack/Db', Protocol: 'tcp', Port: 5432, Expect: 'blocked' },
      ],
    },
  };
}

// Path and asset metadata on, as the CDK CLI sets them; CDK's own default rules off (not under test here).
const app = new App({
  outdir: require('path').join(__dirname, 'cdk.out'),
  context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, '@aws-cdk/core:validateAgainstDefaultRules': false },
});
build(app, '');
build(new Stage(app, 'Prod'), 'Prod/');
app.synth();
`;
