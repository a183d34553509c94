// Real cloud assemblies synthesized at test time (see ./cdk-apps): a network stack and an application
// stack joined by CDK's strong cross-stack references, a NestedStack, and the same pair in a Stage. Flows
// named by construct path cross the stacks; findings carry the construct path and the app's source line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeInWorkspace, traceInWorkspace } from '../../../server/src/analyze/workspace/analyze-workspace';
import { readWorkspaceOf } from '../../../server/src/files/workspace-reader';
import { cliJson, cli } from '../cli/run-cli';
import { synth, TWO_STACK_APP, type SynthedApp } from './cdk-apps';

let broken: SynthedApp | undefined;
const app = (): SynthedApp => (broken ??= synth(TWO_STACK_APP));

function analyse(templateFile: string) {
  const ws = readWorkspaceOf(templateFile, { roots: [app().dir] });
  return analyzeInWorkspace(templateFile, fs.readFileSync(templateFile, 'utf8'), ws.input);
}

test('a flow from the app stack to the app stack is blocked by the NACL of the network stack, named by construct path', () => {
  const a = app();
  const wa = analyse(path.join(a.outdir, 'AppStack.template.json'));
  assert.deepEqual(wa.stacks.slice(0, 2), ['AppStack', 'NetworkStack']);
  const flow = wa.flows.find((f) => f.flow.name === 'web-to-db')!;
  assert.equal(flow.trace.verdict, 'blocked');
  assert.match(flow.trace.blockedAt!.resource, /^NetworkStack\/DataAcl/);
  assert.equal(flow.trace.blockedAt!.file, path.join(a.outdir, 'NetworkStack.template.json'));
  const finding = wa.findings.find((f) => f.flows?.includes('web-to-db'))!;
  assert.equal(finding.file, path.join(a.outdir, 'NetworkStack.template.json'));
  assert.equal(finding.stack, 'NetworkStack');
  assert.equal(finding.constructPath, 'NetworkStack/DataAcl/Resource');
  assert.deepEqual(finding.source && { file: finding.source.file, line: finding.source.line }, { file: a.appFile, line: a.line('@DataAcl') });
});

test('flows across stacks are reachable where the network allows them; a NestedStack resource is an endpoint', () => {
  const a = app();
  const wa = analyse(path.join(a.outdir, 'AppStack.template.json'));
  assert.equal(wa.flows.find((f) => f.flow.name === 'internet-to-web')!.trace.verdict, 'reachable');
  const worker = wa.flows.find((f) => f.flow.name === 'worker-to-db')!;
  assert.equal(worker.trace.verdict, 'blocked');
  assert.equal(worker.asExpected, true);
  assert.ok(wa.stacks.some((s) => s.startsWith('AppStack/Workers')), wa.stacks.join(','));
  assert.ok(worker.trace.hops.some((h) => h.file?.endsWith('.nested.template.json')));
  // Construct paths, short or full, and Stack/LogicalId name the same endpoint in a trace.
  const byPath = traceInWorkspace(wa, { from: 'AppStack/Web', to: 'NetworkStack/Vpc/dataSubnet1/Subnet', protocol: 'tcp', port: 5432 });
  const full = traceInWorkspace(wa, { from: 'AppStack/Web/Resource', to: 'NetworkStack/Vpc/dataSubnet1/Subnet', protocol: 'tcp', port: 5432 });
  assert.equal(byPath.verdict, 'blocked');
  assert.deepEqual(byPath, full);
});

test('a Stage: its nested cloud assembly is read, its stacks analysed together', () => {
  const a = app();
  const dir = path.join(a.outdir, 'assembly-Prod');
  const file = path.join(dir, fs.readdirSync(dir).find((f) => /^ProdAppStack.*\.template\.json$/.test(f))!);
  const wa = analyse(file);
  const flow = wa.flows.find((f) => f.flow.name === 'web-to-db')!;
  assert.equal(flow.trace.verdict, 'blocked');
  const finding = wa.findings.find((f) => f.flows?.includes('web-to-db'))!;
  assert.equal(finding.constructPath, 'Prod/NetworkStack/DataAcl/Resource');
  assert.equal(finding.source?.line, a.line('@DataAcl'));
  assert.equal(wa.flows.find((f) => f.flow.name === 'internet-to-web')!.trace.verdict, 'reachable');
});

test('packetwalk check cdk.out reports the blocked flow on the network template with the source line; fixed, it passes', () => {
  const a = app();
  const { run, data } = cliJson(['check', a.outdir, '--format', 'json'], { cwd: a.dir });
  assert.equal(run.status, 1, run.stderr);
  const errors = data.findings.filter((f: any) => f.severity === 'error');
  assert.equal(errors.length, 2, JSON.stringify(errors, null, 1)); // the app, and the same app in the Stage
  for (const e of errors) {
    assert.match(e.file, /NetworkStack.*\.template\.json$/);
    assert.equal(e.source.line, a.line('@DataAcl'));
    assert.match(e.constructPath, /NetworkStack\/DataAcl\/Resource$/);
  }
  const text = cli(['check', 'cdk.out'], { cwd: a.dir });
  assert.match(text.stdout, new RegExp(`app\\.js:${a.line('@DataAcl')}:\\d+ created here \\(NetworkStack/DataAcl/Resource\\)`));
  const sarif = JSON.parse(cli(['check', 'cdk.out', '--format', 'sarif'], { cwd: a.dir }).stdout);
  const first = sarif.runs[0].results[0].locations;
  assert.equal(first[0].physicalLocation.artifactLocation.uri, 'app.js');
  assert.match(first[1].physicalLocation.artifactLocation.uri, /NetworkStack/);

  const trace = cliJson(['trace', 'cdk.out/AppStack.template.json', '--from', 'AppStack/Web', '--to', 'AppStack/Db', '--port', '5432', '--format', 'json'], { cwd: a.dir });
  assert.equal(trace.run.status, 1, trace.run.stderr);
  assert.equal(trace.data.blockedAt.stack, 'NetworkStack');

  const fixed = synth(TWO_STACK_APP, { env: { FIXED: '1' } });
  const after = cli(['check', 'cdk.out'], { cwd: fixed.dir });
  assert.equal(after.status, 0, after.stdout + after.stderr);
  const okTrace = cli(['trace', 'cdk.out/AppStack.template.json', '--from', 'AppStack/Web', '--to', 'AppStack/Db', '--port', '5432'], { cwd: fixed.dir });
  assert.equal(okTrace.status, 0, okTrace.stdout);
});
