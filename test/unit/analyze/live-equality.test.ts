// The live analysis must say exactly what a whole analysis of the same text says, after any sequence of
// edits: every test here types a sequence of edits into one LiveDocument and, after each, compares its
// result with analyzeText of that text (findings, flow results with every range, resources, parse problems).
// The edits are the benchmark's realistic mix (NACL ports, SG CIDRs, resources added and removed, YAML
// broken and repaired) plus random keystrokes anywhere, including ones that break the YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { LiveDocument } from '../../../server/src/analyze/live/live-document';
import { fullResult } from '../../../server/src/analyze/live/results';
import type { LiveResult } from '../../../server/src/analyze/live/types';
import { assertSameAnswer } from './live-answer';
import type { AnalyzeOptions } from '../../../server/src/analyze/types';
import { parseTemplate } from '../../../server/src/template/parse';
import type { LNode } from '../../../server/src/template/located';
import { generateTemplate, prng } from '../../../scripts/bench/generate.mjs';
import { applyEdit, editMix } from '../../../scripts/bench/edits.mjs';

type Edit = { kind: string; start: number; end: number; newText: string };

const ROOT = process.cwd();
/** Shifts every seed (PACKETWALK_SEED_SHIFT=n): to check that the assertions hold for other keystrokes too. */
const SHIFT = Number(process.env.PACKETWALK_SEED_SHIFT ?? 0);

function assertSame(live: LiveResult, text: string, options: AnalyzeOptions, step: string): void {
  assertSameAnswer(live, fullResult(text, analyzeText(text, options)), step);
}

/** A random keystroke: mostly inside the resources, sometimes anywhere; some break the YAML. */
function randomEdit(text: string, rnd: () => number): Edit {
  const resources = Math.max(text.indexOf('\nResources:'), text.indexOf('"Resources"'));
  const from = resources >= 0 && rnd() < 0.85 ? resources + 12 : 0;
  const at = from + Math.floor(rnd() * Math.max(1, text.length - from));
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const x = rnd();
  if (x < 0.3) return { kind: 'random', start: at, end: at, newText: pick(['a', '7', ' ', '\n', ':', '{', '}', '[', ']', '"', "'", '#', '-', '!', ',', '.', '&x ', '*x', '\t']) };
  if (x < 0.5) return { kind: 'random', start: at, end: Math.min(text.length, at + 1 + Math.floor(rnd() * 3)), newText: '' };
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  if (x < 0.6) return { kind: 'random', start: lineStart, end: lineStart, newText: ' ' }; // indent a line
  if (x < 0.7) return text.startsWith(' ', lineStart) ? { kind: 'random', start: lineStart, end: lineStart + 1, newText: '' } : { kind: 'random', start: at, end: at, newText: '' };
  if (x < 0.8) return { kind: 'random', start: lineStart, end: Math.min(text.length, lineEnd + 1), newText: '' }; // delete a line
  if (x < 0.9) return { kind: 'random', start: lineStart, end: lineStart, newText: text.slice(lineStart, Math.min(text.length, lineEnd + 1)) }; // duplicate it
  const digit = /\d/.exec(text.slice(at, at + 40));
  if (digit) return { kind: 'random', start: at + digit.index, end: at + digit.index + 1, newText: String(Math.floor(rnd() * 10)) };
  return { kind: 'random', start: at, end: at, newText: 'x' };
}

interface Paths {
  incremental: number;
  localError: number;
}

function typeInto(text: string, edits: number, seed: number, options: AnalyzeOptions = {}, realistic = 0.5): Paths {
  const rnd = prng(seed + SHIFT);
  const mix = editMix(seed + SHIFT);
  const live = new LiveDocument(options);
  assertSame(live.update(text), text, options, 'open');
  // The same text again after prepare(): answered from the units, which must agree with the whole answer.
  live.prepare();
  assertSame(live.update(text), text, options, 'open, answered from units');
  const reopened: string = live.lastPath;
  assert.equal(reopened, 'incremental', 'a prepared text is answered from its units');
  let incremental = 0;
  let localError = 0;
  const whys = new Map<string, number>();
  // Broken, or sent to the whole path, for several keystrokes in a row: the next one restores the last text
  // answered incrementally (random keystrokes are rarely all taken back, and a test that stays broken
  // would stop exercising the incremental path).
  let wholeFor = 0;
  let lastClean = text;
  let undo: Edit | null = null;
  for (let i = 0; i < edits; i++) {
    // A random keystroke is often taken back on the next one (as people do), so the text keeps coming
    // back to states that parse, after having been broken in every way the keystrokes can break it.
    let e: Edit;
    if (wholeFor >= 3) e = { kind: 'restore', start: 0, end: text.length, newText: lastClean }; // the user puts it right
    else if (undo && rnd() < 0.95) e = undo;
    else e = rnd() < realistic ? mix.next(text) : randomEdit(text, rnd);
    undo = e === undo || e.kind !== 'random' ? null : { kind: 'undo', start: e.start, end: e.start + e.newText.length, newText: text.slice(e.start, e.end) };
    text = applyEdit(text, e);
    // Now and then a second keystroke arrives with it (the editor coalesces them), often far away: a digit
    // changed somewhere (same length, so the first one can still be taken back).
    if (rnd() < 0.2) {
      // (In the resources: a digit changed in a Metadata flow name can make two flows share a name, which
      // sends every later edit to the whole path until it is fixed: right, but it starves this test.)
      const resources = Math.max(0, text.indexOf('Resources'));
      const from = resources + Math.floor(rnd() * (text.length - resources));
      const d = /\d/.exec(text.slice(from)) ?? /\d/.exec(text);
      if (d) {
        const at = (d.input === text ? 0 : from) + d.index;
        if (at >= resources) text = text.slice(0, at) + String(Math.floor(rnd() * 10)) + text.slice(at + 1);
      }
    }
    if (i % 5 === 2) live.prepare();
    const result = live.update(text);
    if (live.lastPath === 'incremental') incremental++;
    if (live.lastPath === 'local-error') localError++;
    if (live.lastPath === 'whole') whys.set(live.lastReason, (whys.get(live.lastReason) ?? 0) + 1);
    wholeFor = live.lastPath === 'whole' || result.syntaxError ? wholeFor + 1 : 0;
    if (live.lastPath === 'incremental') lastClean = text;
    assertSame(result, text, options, `seed ${seed} edit ${i} (${JSON.stringify(e).slice(0, 120)})`);
  }
  if (process.env.PACKETWALK_TEST_VERBOSE) console.log(`seed ${seed}: ${incremental} incremental, ${localError} local errors of ${edits}; whole because ${JSON.stringify([...whys])}`);
  return { incremental, localError };
}

test('the units of a clean text are its whole analysis shared out, and they answer like a whole analysis', () => {
  for (const text of [generateTemplate(4, 2), toJson(generateTemplate(2, 9)), readFileSync(join(ROOT, 'test', 'fixtures', 'live', 'three-islands.yaml'), 'utf8')]) {
    const live = new LiveDocument();
    live.update(text);
    live.prepare();
    assert.equal(live.preparedBy, 'sharing out the whole analysis');
    assertSame(live.update(text), text, {}, 'the prepared text again');
  }
});

test('generated template: the benchmark edit mix gives whole-analysis results, mostly on the incremental path', () => {
  const { incremental } = typeInto(generateTemplate(4, 11), 120, 11, {}, 1);
  // Most of these edits stay inside one resource: they must not all fall back to the whole path.
  assert.ok(incremental > 60, `only ${incremental} of 120 edits were incremental`);
});

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`generated template: random keystrokes and realistic edits (seed ${seed})`, () => {
    const paths = typeInto(generateTemplate(3, seed), 100, seed * 101);
    // The comparison is only worth something if the fast paths are taken: most edits land in resources.
    assert.ok(paths.incremental >= 20, `only ${paths.incremental} incremental answers`);
    assert.ok(paths.localError >= 3, `only ${paths.localError} YAML errors answered locally`);
  });
}

test('walk settings and parameters flow through the incremental path unchanged', () => {
  typeInto(generateTemplate(3, 7), 80, 77, { parameters: { EnvName: 'prod' }, strict: true, walk: { instanceEphemeral: { from: 1024, to: 65535 } } });
});

/** The same template as JSON (as `cdk synth` writes it), through our own reader. */
function toJson(yamlText: string): string {
  const plain = (n: LNode): unknown =>
    n.kind === 'scalar' ? n.value : n.kind === 'seq' ? n.items.map(plain) : Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
  return JSON.stringify(plain(parseTemplate(yamlText).root!), null, 1) + '\n';
}

for (const seed of [1, 2]) {
  test(`JSON template (as cdk synth writes): random keystrokes and realistic edits (seed ${seed})`, () => {
    const paths = typeInto(toJson(generateTemplate(3, seed)), 100, seed * 7, {}, 0);
    assert.ok(paths.incremental >= 20, `only ${paths.incremental} incremental answers`);
  });
}

test('JSON template: every unit shape of the three-islands fixture', () => {
  // A small template: many keystrokes land in its global sections and stay broken there for a while.
  const paths = typeInto(toJson(readFileSync(join(ROOT, 'test', 'fixtures', 'live', 'three-islands.yaml'), 'utf8')), 120, 5, {}, 0);
  assert.ok(paths.incremental >= 10, `only ${paths.incremental} incremental answers`);
});

const fixtures = [
  ...readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'examples', f)),
  join(ROOT, 'test', 'fixtures', 'analyze', 'one-nacl-two-reasons.yaml'),
  join(ROOT, 'test', 'fixtures', 'live', 'three-islands.yaml'),
  join(ROOT, 'test', 'fixtures', 'live', 'exposed-entries.yaml'),
  join(ROOT, 'test', 'fixtures', 'implied', 'health-checks.yaml'),
];
for (const file of fixtures) {
  test(`random keystrokes in ${file.slice(ROOT.length + 1)}`, () => {
    // Seeded by the file's name (not its path: the checkout's location must not change the keystrokes).
    const name = basename(file);
    const paths = typeInto(readFileSync(file, 'utf8'), 150, [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 100_000, 7), {}, 0);
    assert.ok(paths.incremental >= 20, `only ${paths.incremental} incremental answers`);
  });
}

test('edits far apart that arrive together re-read only the resources they touch', () => {
  let text = generateTemplate(6, 4);
  const live = new LiveDocument();
  live.update(text);
  live.prepare();
  // Three NACL ports and an SG CIDR changed at once, spread over the template.
  const spots = [...text.matchAll(/PortRange: \{From: (\d+)/g)].map((m) => m.index! + 'PortRange: {From: '.length);
  for (const at of [spots[1], spots[Math.floor(spots.length / 2)], spots[spots.length - 2]].sort((a, b) => b - a)) {
    text = text.slice(0, at) + '2' + text.slice(at);
  }
  const cidr = text.lastIndexOf('CidrIp: 0.0.0.0/0');
  text = text.slice(0, cidr) + 'CidrIp: 10.0.0.0/8' + text.slice(cidr + 'CidrIp: 0.0.0.0/0'.length);
  assertSame(live.update(text), text, {}, 'four edits at once');
  assert.equal(live.lastPath, 'incremental');
});

test('an edit that renames a resource others refer to regroups the units', () => {
  let text = generateTemplate(2, 3);
  const live = new LiveDocument();
  live.update(text);
  for (const [from, to] of [['V0WebSg:', 'V0WebSgX:'], ['V0WebSgX:', 'V0WebSg:'], ['V0Igw:', 'V1Igw2:']]) {
    text = text.replace(`\n  ${from}`, `\n  ${to}`);
    assertSame(live.update(text), text, {}, `rename ${from} → ${to}`);
  }
});

test('an earlier result keeps its own offsets after later edits move its resources', () => {
  const first = generateTemplate(2, 8);
  const live = new LiveDocument();
  live.update(first);
  const at = first.indexOf('PortRange: {From: ') + 'PortRange: {From: '.length;
  const second = first.slice(0, at) + '1' + first.slice(at); // one character longer: everything after moves
  const kept = live.update(second);
  assert.equal(live.lastPath, 'incremental');
  live.update(first.slice(0, at) + '12' + first.slice(at));
  assertSame(kept, second, {}, 'earlier result read after a later edit');
});

test('a broken text gives the whole analysis, and its repair is answered incrementally', () => {
  const good = generateTemplate(2, 5);
  const live = new LiveDocument();
  live.update(good);
  const at = good.indexOf("Type: 'AWS::EC2::RouteTable', Properties: {");
  const close = good.indexOf('}}', at);
  const broken = good.slice(0, close) + good.slice(close + 2);
  const b = live.update(broken);
  assert.equal(b.syntaxError, true);
  assertSame(b, broken, {}, 'broken');
  const repaired = live.update(good);
  assert.equal(live.lastPath, 'incremental');
  assertSame(repaired, good, {}, 'repaired');
});

// Flows that name addresses (public addresses, CIDRs, SourceIp pins, an instance's fixed address, a host
// of a subnet, an address in no subnet, one in another VPC's subnet) stay on the incremental path: each
// joins the unit of what its address meets, read from every unit's address facts.
for (const seed of [1, 2, 3]) {
  test(`address flows: random keystrokes and realistic edits give whole-analysis results (seed ${seed})`, () => {
    const paths = typeInto(generateTemplate(12, seed, 'all'), 100, seed * 31);
    assert.ok(paths.incremental >= 20, `only ${paths.incremental} incremental answers`);
  });
}

test('address flows: JSON template, random keystrokes', () => {
  const paths = typeInto(toJson(generateTemplate(6, 4, 'all')), 80, 13, {}, 0);
  assert.ok(paths.incremental >= 15, `only ${paths.incremental} incremental answers`);
});

test('address flows follow edits of the blocks and addresses their answers depend on', () => {
  let text = generateTemplate(12, 6, 'all');
  const live = new LiveDocument();
  live.update(text);
  live.prepare();
  const steps: Array<[string, (t: string) => string]> = [
    // VPC 5 takes VPC 4's block: V4's flow to 10.5.2.30 and 10.4.x addresses now meet two VPCs' subnets.
    ['VPC 5 takes the block of VPC 4', (t) => t.replace('CidrBlock: 10.5.0.0/16', 'CidrBlock: 10.4.0.0/16')],
    ['VPC 5 gets its block back', (t) => t.replace(/(\n {2}V5Vpc:\n(?:.*\n){2} +CidrBlock: )10\.4\.0\.0\/16/, '$110.5.0.0/16')],
    // The fixed address of V0App moves: the flow to 10.0.2.10 now meets a subnet host, not the instance.
    ['an instance fixed address changes', (t) => t.replace('PrivateIpAddress: 10.0.2.10', 'PrivateIpAddress: 10.0.2.11')],
    ['and comes back', (t) => t.replace('PrivateIpAddress: 10.0.2.11', 'PrivateIpAddress: 10.0.2.10')],
    // A subnet appears where an address was in no subnet (10.6.10.5), and goes again.
    ['a subnet is added around an address in no subnet', (t) => t.replace('\n  V7Vpc:', "\n  V6Extra: {Type: 'AWS::EC2::Subnet', Properties: {VpcId: !Ref V6Vpc, CidrBlock: 10.6.10.0/24}}\n  V7Vpc:")],
    ['the added subnet moves elsewhere in the VPC', (t) => t.replace('CidrBlock: 10.6.10.0/24}', 'CidrBlock: 10.6.11.0/24}')],
    ['the added subnet is removed', (t) => t.replace(/\n {2}V6Extra: .*\n/, '\n')],
    // A subnet's block is re-carved so that the host a flow names lands in another subnet.
    ['a subnet takes another block', (t) => t.replace('CidrBlock: !Select [3, !Cidr [!GetAtt V1Vpc.CidrBlock', 'CidrBlock: !Select [9, !Cidr [!GetAtt V1Vpc.CidrBlock')],
    ['a second VPC with an overlapping block and a subnet holding the same hosts', (t) =>
      t.replace('\n  V7Vpc:', "\n  Twin: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.2.0.0/16}}\n  TwinSub: {Type: 'AWS::EC2::Subnet', Properties: {VpcId: !Ref Twin, CidrBlock: 10.2.3.0/24}}\n  V7Vpc:")],
    ['an instance in the twin takes a flow address as its fixed address', (t) =>
      t.replace('\n  V7Vpc:', "\n  TwinHost: {Type: 'AWS::EC2::Instance', Properties: {ImageId: ami-0abcdef1234567890, SubnetId: !Ref TwinSub, PrivateIpAddress: 10.2.3.20}}\n  V7Vpc:")],
    ['the twin host is renamed', (t) => t.replace('\n  TwinHost:', '\n  TwinHost2:')],
  ];
  let incremental = 0;
  for (const [what, edit] of steps) {
    const next = edit(text);
    assert.notEqual(next, text, `${what}: the edit applies`);
    text = next;
    assertSame(live.update(text), text, {}, what);
    if (live.lastPath === 'incremental') incremental++;
  }
  assert.ok(incremental >= steps.length - 1, `only ${incremental} of ${steps.length} edits answered incrementally (${live.lastReason})`);
});

test('implied flows come from the units: hover and "Declare this flow" need no whole analysis', () => {
  for (const name of ['lambda-rds-nacl-trap.yaml', 'alb-target-sg.yaml', 'nat-in-private-subnet.yaml', 'health-checks.yaml']) {
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'implied', name), 'utf8');
    const live = new LiveDocument({});
    live.update(text);
    live.prepare();
    const result = live.update(text);
    assert.equal(live.lastPath, 'incremental', name);
    const implied = result.implied();
    assert.ok(implied.length > 0, `${name}: implied flows`);
    // The same implied flows, traces and document ranges as a whole analysis gives.
    assertSame(result, text, {}, name);
  }
});
