// A template that reaches other stacks (Fn::ImportValue, a nested stack, flows naming `network/X`) is
// analysed live too: after every edit, the LiveDocument run with the workspace engine must say exactly
// what the whole workspace analysis (analyzeInWorkspace) says of that text: findings with their ranges,
// related places and file fields, flow results with each hop's stack and file, implied flows. The edits
// are realistic ones (ports, imports added and removed, flows retargeted, resources added) and random
// keystrokes that break the YAML and repair it; between edits the other templates change too (an
// export renamed), as the language server sees when another file is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeInWorkspace } from '../../../server/src/analyze/workspace/analyze-workspace';
import { WorkspaceEngine } from '../../../server/src/analyze/workspace/live-units';
import { StackCache } from '../../../server/src/analyze/workspace/stack-cache';
import type { WorkspaceInput } from '../../../server/src/analyze/workspace/types';
import { LiveDocument } from '../../../server/src/analyze/live/live-document';
import { fullResult } from '../../../server/src/analyze/live/results';
import type { LiveResult } from '../../../server/src/analyze/live/types';
import { assertSameAnswer } from '../analyze/live-answer';
import type { AnalyzeOptions } from '../../../server/src/analyze/types';
import { readWorkspaceOf } from '../../../server/src/files/workspace-reader';
import { generateTemplate, prng } from '../../../scripts/bench/generate.mjs';
import { synth, TWO_STACK_APP } from './cdk-apps';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/workspace');
const key = (p: string) => path.resolve(p).split(path.sep).join('/');

interface Edit {
  kind: string;
  start: number;
  end: number;
  newText: string;
}

function assertSame(live: LiveResult, file: string, text: string, ws: WorkspaceInput, options: AnalyzeOptions, step: string): void {
  assertSameAnswer(live, fullResult(text, analyzeInWorkspace(file, text, ws, options)), step);
}

/** A folder of templates written to a temp dir and read as the language server reads it (the edited text wins). */
function workspace(files: Record<string, string>): { dir: string; read(file: string, text: string): WorkspaceInput } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-live-stacks-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    read: (file, text) => readWorkspaceOf(file, { roots: [dir], overrides: new Map([[path.resolve(file), text]]) }).input,
  };
}

/** Random keystrokes as in live-equality.test.ts: mostly in the resources, some break the YAML. */
function randomEdit(text: string, rnd: () => number): Edit {
  const resources = text.indexOf('\nResources:');
  const from = resources >= 0 && rnd() < 0.85 ? resources + 12 : 0;
  const at = from + Math.floor(rnd() * Math.max(1, text.length - from));
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const x = rnd();
  if (x < 0.35) return { kind: 'random', start: at, end: at, newText: pick(['a', '7', ' ', '\n', ':', '{', '}', '[', ']', '"', '#', '-', '!', ',', '/']) };
  if (x < 0.55) return { kind: 'random', start: at, end: Math.min(text.length, at + 1 + Math.floor(rnd() * 3)), newText: '' };
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  if (x < 0.65) return { kind: 'random', start: lineStart, end: lineStart, newText: ' ' };
  if (x < 0.75) return { kind: 'random', start: lineStart, end: Math.min(text.length, lineEnd + 1), newText: '' };
  const digit = /\d/.exec(text.slice(at, at + 40));
  if (digit) return { kind: 'random', start: at + digit.index, end: at + digit.index + 1, newText: String(Math.floor(rnd() * 10)) };
  return { kind: 'random', start: at, end: at, newText: 'x' };
}

/** Realistic edits of a template that imports from another stack: each a replacement of one occurrence. */
function realisticEdit(text: string, rnd: () => number, swaps: ReadonlyArray<[string, string]>, serial: { n: number }): Edit | null {
  const x = rnd();
  if (x < 0.15) {
    // A resource added at a resource boundary (one that imports, or one that stands alone), later edited or removed.
    const at = text.indexOf('\n  ', text.indexOf('\nResources:') + 1);
    if (at < 0) return null;
    const n = serial.n++;
    const line =
      rnd() < 0.5
        ? `\n  AddedSg${n}: {Type: 'AWS::EC2::SecurityGroup', Properties: {GroupDescription: added, VpcId: !ImportValue prod-VpcId, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.0.0/8}]}}`
        : `\n  AddedVpc${n}: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.${100 + (n % 50)}.0.0/16}}`;
    return { kind: 'add-resource', start: at, end: at, newText: line };
  }
  if (x < 0.25) {
    const m = /\n {2}Added(Sg|Vpc)\d+: \{[^\n]*\}\}/.exec(text);
    if (m) return { kind: 'remove-resource', start: m.index, end: m.index + m[0].length, newText: '' };
  }
  const candidates = swaps.filter(([from]) => text.includes(from));
  if (candidates.length === 0) return null;
  const [from, to] = candidates[Math.floor(rnd() * candidates.length)];
  const hits = [...text.matchAll(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index!);
  const at = hits[Math.floor(rnd() * hits.length)];
  return { kind: `swap ${from}`, start: at, end: at + from.length, newText: to };
}

interface Typing {
  incremental: number;
  whole: Map<string, number>;
}

/**
 * Types `edits` edits into a LiveDocument of `file` (in a workspace), comparing with the whole workspace
 * analysis after each. `context(i)`: between edits, the other templates may change (a new engine then, as
 * the language server makes one when the context changes; the stack cache is kept across them).
 */
function typeInto(
  ws: { read(file: string, text: string): WorkspaceInput },
  file: string,
  start: string,
  edits: number,
  seed: number,
  swaps: ReadonlyArray<[string, string]>,
  options: AnalyzeOptions = {},
  context?: (i: number) => boolean,
): Typing {
  const rnd = prng(seed);
  const cache = new StackCache();
  const make = (text: string) => {
    const input = ws.read(file, text);
    return { input, live: new LiveDocument(options, new WorkspaceEngine(key(file), input, options, cache)) };
  };
  let text = start;
  let { input, live } = make(text);
  assertSame(live.update(text), key(file), text, input, options, 'open');
  live.prepare();
  assertSame(live.update(text), key(file), text, input, options, 'open, answered from units');
  assert.equal(live.lastPath, 'incremental', `a prepared text is answered from its units (${live.lastReason})`);
  let incremental = 0;
  const whole = new Map<string, number>();
  let undo: Edit | null = null;
  let brokenFor = 0;
  let lastClean = text;
  const serial = { n: 0 };
  for (let i = 0; i < edits; i++) {
    if (context?.(i)) ({ input, live } = make(text));
    let e: Edit | null;
    if (brokenFor >= 3) e = { kind: 'restore', start: 0, end: text.length, newText: lastClean };
    else if (undo && rnd() < 0.9) e = undo;
    else e = rnd() < 0.6 ? realisticEdit(text, rnd, swaps, serial) ?? randomEdit(text, rnd) : randomEdit(text, rnd);
    undo = e === undo || e.kind !== 'random' ? null : { kind: 'undo', start: e.start, end: e.start + e.newText.length, newText: text.slice(e.start, e.end) };
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    if (i % 7 === 3) live.prepare();
    const result = live.update(text);
    if (live.lastPath === 'incremental') {
      incremental++;
      lastClean = text;
    }
    if (live.lastPath === 'whole') whole.set(live.lastReason, (whole.get(live.lastReason) ?? 0) + 1);
    brokenFor = live.lastPath === 'whole' || result.syntaxError ? brokenFor + 1 : 0;
    assertSame(result, key(file), text, input, options, `seed ${seed} edit ${i} (${JSON.stringify(e).slice(0, 140)})`);
  }
  if (process.env.PACKETWALK_TEST_VERBOSE) console.log(`${path.basename(file)} seed ${seed}: ${incremental} incremental of ${edits}; whole: ${JSON.stringify([...whole])}`);
  return { incremental, whole };
}

/** The generated landing zone (local VPCs, address flows) with the folder fixture's importing resources and flows added. */
function bigApp(seed: number): string {
  const app = fs.readFileSync(path.join(FIXTURES, 'folder', 'app.yaml'), 'utf8');
  const appResources = app.slice(app.indexOf('Resources:\n') + 'Resources:\n'.length);
  const appFlows = [
    '      - {Name: web-to-db, From: Web, To: Db, Port: 5432}',
    '      - {Name: internet-to-web, From: internet, To: Web, Port: 443}',
    '      - {Name: web-to-data-subnet, From: Web, To: network/DataSubnet, Port: 5432}',
    '      - {Name: web-to-private, From: Web, To: 10.20.2.10, Port: 5432}',
  ].join('\n');
  let text = generateTemplate(2, seed);
  text = text.replace('\nResources:\n', `\n${appFlows}\nResources:\n${appResources}`);
  return text.replace(/Parameters:\n/, 'Parameters:\n  Env:\n    Type: String\n    Default: prod\n');
}

const SWAPS: Array<[string, string]> = [
  ['prod-PublicSubnet', 'prod-DataSubnet'],
  ['prod-DataSubnet', 'prod-PublicSubnet'],
  ['!ImportValue prod-VpcId', '!Ref V0Vpc'],
  ['!Ref V0Vpc', '!ImportValue prod-VpcId'],
  ['To: network/DataSubnet', 'To: network/PublicSubnet'],
  ['To: network/PublicSubnet', 'To: network/DataSubnet'],
  ['FromPort: 5432', 'FromPort: 5433'],
  ['FromPort: 5433', 'FromPort: 5432'],
  ['Port: 5432', 'Port: 443'],
  ['Port: 443', 'Port: 5432'],
  ['PortRange: {From: 1024', 'PortRange: {From: 2048'],
  ['CidrIp: 0.0.0.0/0', 'CidrIp: 10.0.0.0/8'],
];

test('an importing template gives the whole workspace answer after every edit, mostly incrementally', () => {
  const network = fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8');
  for (const seed of [1, 2, 3]) {
    const ws = workspace({ 'network.yaml': network, 'app.yaml': bigApp(seed) });
    const file = path.join(ws.dir, 'app.yaml');
    const typed = typeInto(ws, file, bigApp(seed), 120, seed * 31, SWAPS);
    assert.ok(typed.incremental >= 40, `only ${typed.incremental} of 120 edits were incremental; whole: ${JSON.stringify([...typed.whole])}`);
  }
});

test('the small importing fixture: every keystroke equals the whole workspace answer', () => {
  const ws = workspace({ 'network.yaml': fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8'), 'app.yaml': fs.readFileSync(path.join(FIXTURES, 'folder', 'app.yaml'), 'utf8') });
  const file = path.join(ws.dir, 'app.yaml');
  const typed = typeInto(ws, file, fs.readFileSync(file, 'utf8'), 150, 5, SWAPS);
  assert.ok(typed.incremental >= 20, `only ${typed.incremental} incremental; whole: ${JSON.stringify([...typed.whole])}`);
});

test('an export renamed in the network stack between edits: the next answers follow the new context', () => {
  const networkFile = 'network.yaml';
  const network = fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8');
  assert.ok(network.includes('-DataSubnet'), 'the fixture exports DataSubnet');
  const ws = workspace({ [networkFile]: network, 'app.yaml': bigApp(4) });
  const file = path.join(ws.dir, 'app.yaml');
  let renamed = false;
  const typed = typeInto(ws, file, bigApp(4), 90, 77, SWAPS, {}, (i) => {
    if (i % 30 !== 15) return false;
    renamed = !renamed;
    fs.writeFileSync(path.join(ws.dir, networkFile), renamed ? network.replace(/-DataSubnet/g, '-DbSubnet') : network);
    return true;
  });
  assert.ok(typed.incremental >= 30, `only ${typed.incremental} incremental; whole: ${JSON.stringify([...typed.whole])}`);
});

test('a parent with a nested stack: edits of the parent equal the whole workspace answer', () => {
  const parent = fs.readFileSync(path.join(FIXTURES, 'nested', 'parent.yaml'), 'utf8');
  const worker = fs.readFileSync(path.join(FIXTURES, 'nested', 'services', 'worker.yaml'), 'utf8');
  // Local resources besides the nested stack, so that some units stand alone.
  const local = generateTemplate(1, 9);
  const extra = local.slice(local.indexOf('\nResources:\n') + '\nResources:\n'.length, local.indexOf('\nOutputs:'));
  const text = parent.replace('\nResources:\n', `\nResources:\n${extra}\n`).replace(/\n {2}Remote:[\s\S]*$/, '\n');
  const ws = workspace({ 'parent.yaml': text, 'services/worker.yaml': worker });
  const file = path.join(ws.dir, 'parent.yaml');
  const swaps: Array<[string, string]> = [
    ['SubnetId: !Ref AppSubnet', 'SubnetId: !Ref V0PubA'],
    ['SubnetId: !Ref V0PubA', 'SubnetId: !Ref AppSubnet'],
    ['FromPort: 6379', 'FromPort: 6380'],
    ['FromPort: 6380', 'FromPort: 6379'],
    ['CidrBlock: 10.30.1.0/24', 'CidrBlock: 10.30.2.0/24'],
    ['CidrBlock: 10.30.2.0/24', 'CidrBlock: 10.30.1.0/24'],
    ['Port: 443', 'Port: 8443'],
    ['Port: 8443', 'Port: 443'],
  ];
  const typed = typeInto(ws, file, text, 120, 13, swaps);
  assert.ok(typed.incremental >= 30, `only ${typed.incremental} incremental; whole: ${JSON.stringify([...typed.whole])}`);
});

test('typical edits of an importing template are answered from its units, the other stacks parsed once', () => {
  const network = fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8');
  const ws = workspace({ 'network.yaml': network, 'app.yaml': bigApp(6) });
  const file = path.join(ws.dir, 'app.yaml');
  let text = bigApp(6);
  const input = ws.read(file, text);
  const cache = new StackCache();
  const engine = new WorkspaceEngine(key(file), input, {}, cache);
  const live = new LiveDocument({}, engine);
  live.update(text);
  live.prepare();
  const steps: Array<[string, string]> = [
    ['FromPort: 5432', 'FromPort: 5433'], // the importing DbSg (the context unit)
    ['PortRange: {From: 1024', 'PortRange: {From: 1025'], // a local NACL (a unit of its own)
    ['${Env}-DataSubnet', '${Env}-PublicSubnet'], // an import retargeted
    ['To: network/DataSubnet', 'To: network/PublicSubnet'], // a flow into the network stack
  ];
  for (const [from, to] of steps) {
    const at = text.indexOf(from);
    assert.ok(at >= 0, from);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    assertSame(live.update(text), key(file), text, input, {}, `${from} → ${to}`);
    if (!from.startsWith('To:')) assert.equal(live.lastPath, 'incremental', `${from} → ${to}: ${live.lastReason}`);
  }
  // The network template was parsed for the first whole answer only, not again for every edit.
  assert.equal(cache.parsed, 1);
});

test('a CDK app stack (cdk.out JSON, flows by construct path, a NestedStack) gives the whole workspace answer after every edit', () => {
  const app = synth(TWO_STACK_APP);
  const file = path.join(app.outdir, 'AppStack.template.json');
  const text = fs.readFileSync(file, 'utf8');
  const ws = { read: (f: string, t: string) => readWorkspaceOf(f, { roots: [app.dir], overrides: new Map([[path.resolve(f), t]]) }).input };
  const swaps: Array<[string, string]> = [
    ['"FromPort": 5432', '"FromPort": 5433'],
    ['"FromPort": 5433', '"FromPort": 5432'],
    ['"ToPort": 443', '"ToPort": 444'],
    ['"ToPort": 444', '"ToPort": 443'],
    ['"Port": 5432', '"Port": 443'],
    ['"Port": 443', '"Port": 5432'],
    ['"t3.micro"', '"t3.small"'],
    ['"t3.small"', '"t3.micro"'],
  ];
  const typed = typeInto(ws, file, text, 100, 23, swaps);
  assert.ok(typed.incremental >= 25, `only ${typed.incremental} incremental; whole: ${JSON.stringify([...typed.whole])}`);
});

test('options flow through the cross-stack incremental path unchanged (strict, implied flows off, parameters, walk settings)', () => {
  const network = fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8');
  const ws = workspace({ 'network.yaml': network, 'app.yaml': bigApp(7) });
  const file = path.join(ws.dir, 'app.yaml');
  const options: AnalyzeOptions = { strict: true, implied: false, parameters: { Env: 'prod', EnvName: 'test' }, walk: { instanceEphemeral: { from: 1024, to: 65535 } } };
  const typed = typeInto(ws, file, bigApp(7), 60, 71, SWAPS, options);
  assert.ok(typed.incremental >= 20, `only ${typed.incremental} incremental; whole: ${JSON.stringify([...typed.whole])}`);
});

test('an import from a stack not reached before: that edit is answered whole, the next ones incrementally again', () => {
  const network = fs.readFileSync(path.join(FIXTURES, 'folder', 'network.yaml'), 'utf8');
  const shared = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  SharedVpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.77.0.0/16',
    'Outputs:',
    '  SharedVpcId:',
    '    Value: !Ref SharedVpc',
    '    Export:',
    '      Name: shared-VpcId',
    '',
  ].join('\n');
  const ws = workspace({ 'network.yaml': network, 'shared.yaml': shared, 'app.yaml': bigApp(9) });
  const file = path.join(ws.dir, 'app.yaml');
  let text = bigApp(9);
  const input = ws.read(file, text);
  const live = new LiveDocument({}, new WorkspaceEngine(key(file), input, {}, new StackCache()));
  live.update(text);
  live.prepare();
  const step = (from: string, to: string) => {
    const at = text.indexOf(from);
    assert.ok(at >= 0, from);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    assertSame(live.update(text), key(file), text, input, {}, `${from} → ${to}`);
    return live.lastPath;
  };
  assert.equal(step('FromPort: 5432', 'FromPort: 5433'), 'incremental', live.lastReason);
  // WebSg now in the shared stack's VPC: the merged stacks change.
  assert.equal(step('VpcId: !ImportValue prod-VpcId', 'VpcId: !ImportValue shared-VpcId'), 'whole');
  assert.match(live.lastReason, /stacks the context unit reaches differ/);
  assert.equal(step('FromPort: 5433', 'FromPort: 5434'), 'incremental', live.lastReason);
  assert.equal(step('VpcId: !ImportValue shared-VpcId', 'VpcId: !ImportValue prod-VpcId'), 'whole');
  assert.equal(step('FromPort: 5434', 'FromPort: 5432'), 'incremental', live.lastReason);
});
