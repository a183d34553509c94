// The CDK example app of the README (examples/cdk-app/app.js): the three ways of declaring flows, with
// construct paths, give the verdicts the README promises; breaking the NACL's return rule is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeInWorkspace } from '../../../server/src/analyze/workspace/analyze-workspace';
import { readWorkspaceOf } from '../../../server/src/files/workspace-reader';
import { REPO, synth } from './cdk-apps';

const SOURCE = fs.readFileSync(path.join(REPO, 'examples', 'cdk-app', 'app.js'), 'utf8');

function flows(source: string) {
  const app = synth(source);
  const file = path.join(app.outdir, 'Servers.template.json');
  const wa = analyzeInWorkspace(file, fs.readFileSync(file, 'utf8'), readWorkspaceOf(file, { roots: [app.dir] }).input);
  return new Map(wa.flows.map((f) => [f.flow.name, f]));
}

test('the example app: every flow declared from CDK holds, whichever way it is declared', () => {
  const byName = flows(SOURCE);
  for (const name of ['https-in', 'no-db-from-internet', 'web-to-data-subnet', 'web-to-db']) {
    assert.ok(byName.get(name), `flow ${name} is read (${[...byName.keys()].join(', ')})`);
    assert.equal(byName.get(name)!.asExpected, true, `${name}: ${byName.get(name)!.trace.verdict}`);
  }
  const insightsPath = [...byName.values()].find((f) => f.flow.declaredBy === 'network-insights-path')!;
  assert.equal(insightsPath.trace.verdict, 'reachable');
});

test('the example app with the NACL return rule narrowed to 5432: the flows to the database are blocked in the network stack', () => {
  const byName = flows(SOURCE.replace('ec2.AclTraffic.tcpPortRange(1024, 65535)', 'ec2.AclTraffic.tcpPort(5432)'));
  for (const name of ['web-to-db', 'web-to-data-subnet']) {
    const f = byName.get(name)!;
    assert.equal(f.trace.verdict, 'blocked');
    assert.match(f.trace.blockedAt!.resource, /^Network\/DataAcl/);
  }
  assert.equal(byName.get('https-in')!.trace.verdict, 'reachable');
});
