// `packetwalk check` on a real cloud assembly: a CDK app synthesized at test time with aws-cdk-lib into
// a temporary cdk.out, found through its manifest.json. One declared flow holds, one is wrong on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { App, Stack, CfnElement } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cli, cliJson, tempDir } from './run-cli';

function synth(outdir: string): { privateSubnet: string } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NetStack');
  const vpc = new ec2.Vpc(stack, 'Net', { ipAddresses: ec2.IpAddresses.cidr('10.9.0.0/16'), maxAzs: 1, natGateways: 1 });
  const privateSubnet = stack.getLogicalId(vpc.privateSubnets[0].node.defaultChild as CfnElement);
  stack.templateOptions.metadata = {
    PacketWalk: {
      Flows: [
        { Name: 'private-dns', From: privateSubnet, To: '8.8.8.8', Protocol: 'udp', Port: 53 },
        // Wrong on purpose: nothing on the internet can open a connection into a private subnet.
        { Name: 'ssh-in', From: 'internet', To: privateSubnet, Protocol: 'tcp', Port: 22 },
      ],
    },
  };
  app.synth();
  return { privateSubnet };
}

test('check finds the stack template of a synthesized cdk.out and reports the failing flow', () => {
  const root = tempDir('cdk');
  const outdir = path.join(root, 'cdk.out');
  synth(outdir);
  const { run, data } = cliJson(['check', root, '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const files = new Set(data.findings.map((f: any) => f.file));
  assert.deepEqual([...files], [path.join(outdir, 'NetStack.template.json')]);
  const errors = data.findings.filter((f: any) => f.severity === 'error');
  assert.ok(errors.length > 0);
  assert.ok(errors.every((f: any) => /ssh-in/.test(f.flow ?? '')), JSON.stringify(errors, null, 1));
  assert.ok(!data.findings.some((f: any) => /private-dns/.test(f.flow ?? '') && f.severity === 'error'));

  const text = cli(['check', outdir]);
  assert.match(text.stdout, /in 1 file checked\n$/);
});
