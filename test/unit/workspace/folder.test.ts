// A workspace of hand-written templates: a network stack and an app stack deployed side by side in one
// folder (Export / Fn::ImportValue, export names computed with Fn::Sub), and a parent with a local
// nested stack. One network across the stacks; each hop names its stack and file; findings go to the
// file that defines the blocking element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeInWorkspace, traceInWorkspace } from '../../../server/src/analyze/workspace/analyze-workspace';
import { readWorkspaceOf } from '../../../server/src/files/workspace-reader';
import { analyzeText } from '../../../server/src/analyze/analyze';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/workspace');
const key = (p: string) => path.resolve(p).split(path.sep).join('/');

function analyse(file: string, roots = [path.dirname(file)]) {
  const ws = readWorkspaceOf(file, { roots });
  const text = fs.readFileSync(file, 'utf8');
  return analyzeInWorkspace(key(file), text, ws.input);
}

const folder = path.join(FIXTURES, 'folder');
const app = path.join(folder, 'app.yaml');
const network = path.join(folder, 'network.yaml');

test('Fn::ImportValue resolves against the exports of the other templates of the folder, export names computed with Fn::Sub', () => {
  const wa = analyse(app);
  assert.deepEqual(wa.stacks, ['app', 'network']);
  const web = wa.model!.endpoints.find((e) => e.id === 'Web')!;
  assert.equal(web.placements[0].subnet, 'network/PublicSubnet');
  const db = wa.model!.endpoints.find((e) => e.id === 'Db')!;
  assert.equal(db.placements[0].subnet, 'network/DataSubnet');
  assert.equal(wa.model!.subnets.find((s) => s.id === 'network/DataSubnet')!.networkAcl, 'network/DbAcl');
});

test('a flow across stacks is blocked by the NACL of the network stack, and the finding goes to network.yaml', () => {
  const wa = analyse(app);
  const flow = wa.flows.find((f) => f.flow.name === 'web-to-db')!;
  assert.equal(flow.trace.verdict, 'blocked');
  assert.equal(flow.trace.blockedAt!.resource, 'network/DbAcl');
  assert.equal(flow.trace.blockedAt!.direction, 'return');
  const hopStacks = new Set(flow.trace.hops.map((h) => `${h.stack} ${path.basename(h.file ?? '')}`));
  assert.ok(hopStacks.has('app app.yaml') && hopStacks.has('network network.yaml'), [...hopStacks].join('; '));
  const finding = wa.findings.find((f) => f.flows?.includes('web-to-db') && f.resource === 'network/DbAcl')!;
  assert.ok(finding, JSON.stringify(wa.findings, null, 1));
  assert.equal(finding.file, key(network));
  assert.equal(finding.stack, 'network');
  const text = fs.readFileSync(network, 'utf8');
  assert.match(text.slice(finding.range.start, finding.range.end), /DbAcl|NetworkAcl|5432/);
  // The flow's declaration is related information in the analysed file (no file field).
  assert.ok(finding.related.some((r) => r.file === undefined));
});

test('a flow that crosses stacks and is allowed everywhere is reachable', () => {
  const wa = analyse(app);
  assert.equal(wa.flows.find((f) => f.flow.name === 'internet-to-web')!.trace.verdict, 'reachable');
});

test('an endpoint of another stack is named Stack/LogicalId', () => {
  const wa = analyse(app);
  const f = wa.flows.find((x) => x.flow.name === 'web-to-data-subnet')!;
  assert.equal(f.trace.verdict, 'blocked');
  const t = traceInWorkspace(wa, { from: 'Web', to: 'network/DataSubnet', protocol: 'tcp', port: 5432 });
  assert.equal(t.blockedAt?.resource, 'network/DbAcl');
  assert.equal(t.blockedAt?.file, key(network));
});

test('the same template analysed alone keeps imports unknown, as before', () => {
  const a = analyzeText(fs.readFileSync(app, 'utf8'));
  assert.equal(a.flows.find((f) => f.flow.name === 'web-to-db')!.trace.verdict, 'unknown');
});

test('an export no template defines is an unknown with its reason at the import', () => {
  const orphan = path.join(folder, 'orphan.yaml');
  const wa = analyse(orphan);
  const u = wa.model!.unknowns.find((x) => x.resource === 'Lonely')!;
  assert.match(u.reason, /no stack of the workspace exports prod-MissingSubnet/);
  const text = fs.readFileSync(orphan, 'utf8');
  assert.match(text.slice(u.range.start, u.range.end), /ImportValue/);
});

test('an export defined by two templates is an unknown naming both', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-dup-'));
  fs.copyFileSync(network, path.join(dir, 'network.yaml'));
  fs.copyFileSync(network, path.join(dir, 'network-copy.yaml'));
  fs.copyFileSync(app, path.join(dir, 'app.yaml'));
  const wa = analyse(path.join(dir, 'app.yaml'));
  const u = wa.model!.unknowns.find((x) => x.resource === 'Web' && /SubnetId/.test(x.property))!;
  assert.match(u.reason, /export prod-PublicSubnet is defined by several stacks \(network, network-copy\)|network-copy, network/);
  assert.equal(wa.flows.find((f) => f.flow.name === 'web-to-db')!.trace.verdict, 'unknown');
});

const parent = path.join(FIXTURES, 'nested', 'parent.yaml');

test('a local nested stack is read with its Parameters, and its Outputs answer Fn::GetAtt Stack.Outputs.X', () => {
  const wa = analyse(parent);
  assert.ok(wa.stacks.includes('parent/Services'), wa.stacks.join(','));
  const worker = wa.model!.endpoints.find((e) => e.id === 'Services/Worker')!;
  assert.equal(worker.placements[0].subnet, 'AppSubnet');
  const ok = wa.flows.find((f) => f.flow.name === 'worker-to-cache')!;
  assert.equal(ok.trace.verdict, 'reachable', JSON.stringify(ok.trace.blockedAt));
  const worker2 = ok.trace.hops.find((h) => h.resource.startsWith('Services/'))!;
  assert.equal(worker2.stack, 'parent/Services');
  assert.equal(worker2.file, key(path.join(FIXTURES, 'nested', 'services', 'worker.yaml')));
  const back = wa.flows.find((f) => f.flow.name === 'cache-to-worker')!;
  assert.equal(back.trace.verdict, 'blocked');
  assert.equal(back.asExpected, true);
  assert.equal(back.trace.blockedAt!.resource, 'Services/WorkerSg');
});

test('a nested TemplateURL outside the workspace is STACK_OUTSIDE_WORKSPACE; a remote one is never fetched', () => {
  const wa = analyse(parent);
  const outside = wa.findings.filter((f) => f.code === 'STACK_OUTSIDE_WORKSPACE');
  assert.equal(outside.length, 1, JSON.stringify(wa.findings, null, 1));
  const text = fs.readFileSync(parent, 'utf8');
  assert.match(text.slice(outside[0].range.start - 40, outside[0].range.end), /outside\.yaml|TemplateURL/);
  assert.equal(outside[0].file, undefined);
});

test('a symbolic link that leads out of the workspace is refused as STACK_OUTSIDE_WORKSPACE', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-link-'));
  const ws = path.join(root, 'ws');
  fs.mkdirSync(path.join(ws, 'services'), { recursive: true });
  fs.copyFileSync(parent, path.join(ws, 'parent.yaml'));
  fs.copyFileSync(path.join(FIXTURES, 'nested', 'services', 'worker.yaml'), path.join(root, 'secret.yaml'));
  fs.symlinkSync(path.join(root, 'secret.yaml'), path.join(ws, 'services', 'worker.yaml'));
  const wa = analyse(path.join(ws, 'parent.yaml'), [ws]);
  assert.ok(!wa.stacks.includes('parent/Services'));
  const out = wa.findings.filter((f) => f.code === 'STACK_OUTSIDE_WORKSPACE');
  assert.ok(out.some((f) => /symbolic link/.test(f.message)), JSON.stringify(out));
});
