// Help while writing flows, as plain functions: completion of From/To/Protocol/Expect on half-typed YAML
// (block and flow style) and JSON, definition and references between flows and resources, the outline,
// and the "did you mean" fix of a misspelt endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { readAuthoringPlaces } from '../../../server/src/features/flow-authoring/flow-places';
import { flowCompletions } from '../../../server/src/features/flow-authoring/completion';
import { flowDefinition, flowReferences } from '../../../server/src/features/flow-authoring/navigation';
import { flowSymbols } from '../../../server/src/features/flow-authoring/symbols';
import { endpointNameFixes } from '../../../server/src/features/flow-authoring/did-you-mean';
import { catalogueForResources, catalogueOfParse, endpointCatalogue } from '../../../server/src/usecases/endpoint-catalogue';
import { repoRoot } from '../../protocol/lsp-client';

const YAML = readFileSync(join(repoRoot(), 'test/fixtures/lsp/app-db.yaml'), 'utf8');
const JSON_TEXT = readFileSync(join(repoRoot(), 'test/fixtures/lsp/app-db.json'), 'utf8');

function places(text: string) {
  return readAuthoringPlaces(parseTemplate(text));
}

function catalogueOf(text: string) {
  const model = analyzeText(text).model;
  assert.ok(model);
  return endpointCatalogue(model);
}

/** The text with `needle` replaced, and the offset right after `cursorAfter` inside the replacement. */
function typed(text: string, needle: string, replacement: string, cursorAfter = replacement): { text: string; offset: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const out = text.slice(0, at) + replacement + text.slice(at + needle.length);
  return { text: out, offset: at + replacement.indexOf(cursorAfter) + cursorAfter.length };
}

const CATALOGUE = catalogueOf(YAML);

test('the catalogue lists endpoints with their type and subnet/VPC, subnets, internet and aws: services', () => {
  const db = CATALOGUE.entries.find((e) => e.name === 'Db');
  assert.equal(db?.category, 'endpoint');
  assert.equal(db?.type, 'AWS::EC2::Instance');
  assert.match(db!.documentation, /subnet `DbSubnet`: 10\.0\.2\.0\/24, us-east-1a in VPC `Vpc` \(10\.0\.0\.0\/16\)/);
  const subnet = CATALOGUE.entries.find((e) => e.name === 'AppSubnet');
  assert.equal(subnet?.category, 'subnet');
  assert.match(subnet!.documentation, /probe host/);
  assert.ok(CATALOGUE.entries.some((e) => e.name === 'internet' && e.category === 'internet'));
  assert.ok(CATALOGUE.entries.some((e) => e.name === 'aws:s3' && e.category === 'service'));
  // A security group is not something a flow starts or ends at.
  assert.ok(!CATALOGUE.entries.some((e) => e.name === 'AppSg'));
});

test('completes To in the middle of a name: every endpoint, the typed name replaced whole', () => {
  const { text, offset } = typed(YAML, '        To: Db\n        Protocol: tcp\n        Port: 5432', '        To: Dbx\n        Protocol: tcp\n        Port: 5432', 'To: D');
  const c = flowCompletions(places(text), CATALOGUE, offset);
  assert.ok(c);
  assert.equal(c.key, 'To');
  assert.equal(text.slice(c.replace.start, c.replace.end), 'Dbx');
  const names = c.items.map((i) => i.label);
  for (const n of ['App', 'Db', 'AppSubnet', 'DbSubnet', 'internet', 'aws:s3']) assert.ok(names.includes(n), n);
  const db = c.items.find((i) => i.label === 'Db')!;
  assert.equal(db.detail, 'AWS::EC2::Instance');
  assert.equal(db.category, 'endpoint');
  assert.equal(db.insertText, 'Db');
  // Endpoints sort before subnets, subnets before internet and services.
  const order = (n: string) => c.items.find((i) => i.label === n)!.sortText;
  assert.ok(order('Db') < order('DbSubnet') && order('DbSubnet') < order('internet') && order('internet') < order('aws:s3'));
});

test('completes an empty From value, and after a colon with no space yet (YAML needs the space)', () => {
  const empty = typed(YAML, '        From: App\n        To: Db\n        Protocol: tcp\n        Port: 5432', '        From: \n        To: Db\n        Protocol: tcp\n        Port: 5432', 'From: ');
  const c = flowCompletions(places(empty.text), CATALOGUE, empty.offset);
  assert.equal(c?.key, 'From');
  assert.deepEqual(c?.replace, { start: empty.offset, end: empty.offset });
  assert.equal(c?.items.find((i) => i.label === 'App')?.insertText, 'App');
  const bare = typed(YAML, '        From: App\n        To: Db\n        Protocol: tcp\n        Port: 5432', '        From:\n        To: Db\n        Protocol: tcp\n        Port: 5432', 'From:');
  const b = flowCompletions(places(bare.text), CATALOGUE, bare.offset);
  assert.equal(b?.key, 'From');
  assert.equal(b?.items.find((i) => i.label === 'App')?.insertText, ' App');
});

test('completes in a flow item being typed at the end of the list, and in flow style', () => {
  const item = typed(YAML, '        Expect: blocked\n', '        Expect: blocked\n      - Name: new\n        From: Ap\n');
  const c = flowCompletions(places(item.text), CATALOGUE, item.offset - 1);
  assert.equal(c?.key, 'From');
  assert.equal(item.text.slice(c!.replace.start, c!.replace.end), 'Ap');
  const flow = typed(YAML, '        Expect: blocked\n', '        Expect: blocked\n      - {Name: f, From: App, To: Db\n', 'To: D');
  const f = flowCompletions(places(flow.text), CATALOGUE, flow.offset);
  assert.equal(f?.key, 'To');
  assert.equal(flow.text.slice(f!.replace.start, f!.replace.end), 'Db');
});

test('completes Protocol and Expect values', () => {
  const p = typed(YAML, '        Protocol: tcp\n        Port: 5432', '        Protocol: u\n        Port: 5432', 'Protocol: u');
  const c = flowCompletions(places(p.text), CATALOGUE, p.offset);
  assert.deepEqual(c?.items.map((i) => i.label), ['tcp', 'udp', 'icmp', 'all']);
  assert.equal(p.text.slice(c!.replace.start, c!.replace.end), 'u');
  const e = typed(YAML, 'Expect: blocked', 'Expect: ', 'Expect: ');
  assert.deepEqual(flowCompletions(places(e.text), CATALOGUE, e.offset)?.items.map((i) => i.label), ['reachable', 'blocked']);
  const v = typed(YAML, 'Expect: blocked', 'Expect: blocked\n        IpVersion: ', 'IpVersion: ');
  assert.deepEqual(flowCompletions(places(v.text), CATALOGUE, v.offset)?.items.map((i) => i.label), ['4', '6']);
  // In JSON a number needs no quotes.
  const j = typed(JSON_TEXT, '"Expect": "blocked"', '"Expect": "blocked", "IpVersion": ', '"IpVersion": ');
  assert.deepEqual(flowCompletions(places(j.text), CATALOGUE, j.offset)?.items.map((i) => i.insertText), ['4', '6']);
});

test('offers nothing outside flows: a NACL entry PortRange From/To, a resource property', () => {
  const nacl = YAML.indexOf('        From: 5432') + '        From: 54'.length;
  assert.equal(flowCompletions(places(YAML), CATALOGUE, nacl), null);
  assert.equal(flowCompletions(places(YAML), CATALOGUE, YAML.indexOf('ImageId: ami') + 10), null);
});

test('completes in JSON: inside quotes mid-word, in an unclosed string, and on a value with no quotes yet (quoted)', () => {
  const cat = catalogueOf(JSON_TEXT);
  const mid = JSON_TEXT.indexOf('"To": "Db"') + '"To": "D'.length;
  const c = flowCompletions(places(JSON_TEXT), cat, mid);
  assert.equal(c?.key, 'To');
  assert.equal(JSON_TEXT.slice(c!.replace.start, c!.replace.end), 'Db');
  assert.equal(c?.items.find((i) => i.label === 'App')?.insertText, 'App');
  const open = JSON_TEXT.slice(0, JSON_TEXT.indexOf('"To": "Db"')) + '"To": "Ap';
  const o = flowCompletions(places(open), cat, open.length);
  assert.equal(o?.key, 'To');
  assert.equal(open.slice(o!.replace.start, o!.replace.end), 'Ap');
  const bare = typed(JSON_TEXT, '"To": "Db"', '"To": ', '"To": ');
  const b = flowCompletions(places(bare.text), cat, bare.offset);
  assert.equal(b?.key, 'To');
  assert.equal(b?.items.find((i) => i.label === 'Db')?.insertText, '"Db"');
});

test('go to definition: from a flow endpoint to the logical-ID key; nothing for internet', () => {
  const p = places(YAML);
  const at = YAML.indexOf('To: Db') + 5;
  const def = flowDefinition(p, at);
  assert.ok(def);
  assert.equal(YAML.slice(def.start, def.end), 'Db');
  assert.equal(YAML.slice(def.start - 2, def.end + 1), '  Db:');
  const withInternet = typed(YAML, 'To: Db', 'To: internet');
  assert.equal(flowDefinition(places(withInternet.text), withInternet.offset - 2), undefined);
});

test('a construct path leads to its resource (cdk synth output)', () => {
  const cdk = YAML.replace('  Db:\n    Type: AWS::EC2::Instance\n', '  Db:\n    Type: AWS::EC2::Instance\n    Metadata:\n      aws:cdk:path: AppStack/Db/Resource\n').replace('To: Db\n        Protocol: tcp\n        Port: 5432', 'To: AppStack/Db\n        Protocol: tcp\n        Port: 5432');
  const p = places(cdk);
  const def = flowDefinition(p, cdk.indexOf('AppStack/Db\n') + 3);
  assert.ok(def);
  assert.equal(cdk.slice(def.start, def.end), 'Db');
  // And the references of Db include the construct path.
  const refs = flowReferences(p, def.start, false)!.map((r) => cdk.slice(r.start, r.end));
  assert.deepEqual(refs.sort(), ['AppStack/Db', 'Db']);
});

test('find references: from a resource key to every flow naming it, and from a flow endpoint', () => {
  const p = places(YAML);
  const key = YAML.indexOf('\n  App:\n') + 3;
  const refs = flowReferences(p, key, true)!;
  assert.equal(refs.length, 3);
  assert.deepEqual(refs.map((r) => YAML.slice(r.start, r.end)), ['App', 'App', 'App']);
  assert.equal(refs[0].start, key); // the declaration first
  const fromFlow = flowReferences(p, YAML.indexOf('To: Db') + 5, false)!;
  assert.equal(fromFlow.length, 2);
  assert.ok(fromFlow.every((r) => YAML.slice(r.start, r.end) === 'Db'));
  assert.equal(flowReferences(p, YAML.indexOf('ImageId'), false), undefined);
});

test('a resource-level flow without From starts at its resource: it is one of the resource\'s references', () => {
  const text = YAML.replace('  App:\n    Type: AWS::EC2::Instance\n', '  App:\n    Type: AWS::EC2::Instance\n    Metadata:\n      PacketWalk:\n        Flows:\n          - Name: app-dns\n            To: internet\n            Protocol: udp\n            Port: 53\n');
  const p = places(text);
  const refs = flowReferences(p, text.indexOf('\n  App:\n') + 3, false)!;
  assert.ok(refs.some((r) => text.slice(r.start, r.end) === 'app-dns'));
});

test('document symbols: the flows under "Flows" (name, or From → To), the resources grouped by type', () => {
  const text = typed(YAML, '      - Name: app-ssh-db\n', '      - From: App\n        To: internet\n        Port: 443\n      - Name: app-ssh-db\n').text;
  const symbols = flowSymbols(places(text));
  const flows = symbols.find((s) => s.name === 'Flows')!;
  assert.deepEqual(flows.children!.map((c) => c.name), ['app-to-db', 'App → internet', 'app-ssh-db']);
  assert.match(flows.children![0].detail!, /App → Db tcp\/5432/);
  assert.match(flows.children![2].detail!, /expect blocked/);
  for (const c of flows.children!) {
    assert.ok(c.range.start <= c.selectionRange.start && c.selectionRange.end <= c.range.end);
    assert.ok(flows.range.start <= c.range.start && c.range.end <= flows.range.end);
  }
  const resources = symbols.find((s) => s.name === 'Resources')!;
  const instances = resources.children!.find((g) => g.name === 'AWS::EC2::Instance')!;
  assert.deepEqual(instances.children!.map((c) => c.name), ['App', 'Db']);
  assert.equal(text.slice(instances.children![0].selectionRange.start, instances.children![0].selectionRange.end), 'App');
});

test('a misspelt endpoint: FLOW_UNKNOWN_ENDPOINT on the name, "did you mean" in the message, a fix that replaces it', () => {
  const text = YAML.replace('To: Db\n        Protocol: tcp\n        Port: 5432', 'To: dbb\n        Protocol: tcp\n        Port: 5432');
  const finding = analyzeText(text).findings.find((f) => f.code === 'FLOW_UNKNOWN_ENDPOINT');
  assert.ok(finding);
  assert.equal(text.slice(finding.range.start, finding.range.end), 'dbb');
  assert.match(finding.message, /did you mean Db/);
  const fixes = endpointNameFixes(places(text), catalogueOf(text), finding.range);
  assert.ok(fixes.length >= 1);
  assert.equal(fixes[0].newText, 'Db');
  assert.equal(fixes[0].title, 'Change To to "Db"');
  const fixed = text.slice(0, fixes[0].range.start) + fixes[0].newText + text.slice(fixes[0].range.end);
  assert.ok(!analyzeText(fixed).findings.some((f) => f.code === 'FLOW_UNKNOWN_ENDPOINT'));
  // A quoted name keeps its quotes.
  const quoted = YAML.replace('From: App\n        To: Db\n        Protocol: tcp\n        Port: 5432', 'From: "Appp"\n        To: Db\n        Protocol: tcp\n        Port: 5432');
  const q = endpointNameFixes(places(quoted), catalogueOf(quoted), { start: quoted.indexOf('"Appp"'), end: quoted.indexOf('"Appp"') + 6 });
  assert.equal(quoted.slice(q[0].range.start - 1, q[0].range.end + 1), '"Appp"');
  assert.equal(q[0].newText, 'App');
  // Known names, internet and addresses get no fix.
  assert.deepEqual(endpointNameFixes(places(YAML), CATALOGUE, { start: 0, end: YAML.length }), []);
});

test('the catalogue of an earlier model follows the resources of the text being typed', () => {
  const text = YAML.replace('  Db:\n    Type: AWS::EC2::Instance', '  Database:\n    Type: AWS::EC2::Instance') + '  Worker:\n    Type: AWS::Lambda::Function\n    Properties: {}\n';
  const now = catalogueForResources(CATALOGUE, places(text).resources);
  const names = now.entries.map((e) => e.name);
  assert.ok(!names.includes('Db'));
  assert.ok(names.includes('Database') && names.includes('Worker'));
  assert.ok(names.includes('App') && names.includes('internet'));
  assert.ok(now.pool.includes('Database') && !now.pool.includes('Db'));
  // The model of a text alone, when no analysis is at hand.
  assert.ok(catalogueOfParse(parseTemplate(YAML))?.entries.some((e) => e.name === 'Db' && /DbSubnet/.test(e.documentation)));
  assert.equal(catalogueOfParse(parseTemplate('name: x\n')), undefined);
});

test('odd and broken texts give no help and no crash', () => {
  const texts = [
    '',
    'just a string',
    '[1, 2]',
    'Metadata:\n  PacketWalk:\n    Flows: nope\nResources:\n  X: 1\n',
    'Metadata:\n  PacketWalk:\n    Flows: [1, null, [To: a], {To: }]\nResources: [a, b]\n',
    '{"Metadata": {"PacketWalk": {"Flows": [{"To": ',
    'Resources:\n  A:\n    Type: [1]\n    Metadata: {aws:cdk:path: 7, PacketWalk: {Flows: [{From: {Ref: X}}]}}\n',
    'Metadata:\n  PacketWalk:\n    Flows:\n      - To: "unterminated\n',
  ];
  for (const text of texts) {
    const p = places(text);
    for (let offset = 0; offset <= text.length; offset++) {
      flowCompletions(p, CATALOGUE, offset);
      flowDefinition(p, offset);
      flowReferences(p, offset, true);
      endpointNameFixes(p, CATALOGUE, { start: offset, end: offset });
    }
    flowSymbols(p);
  }
  // The flow item being typed in flow style still gets its empty To completed.
  const t = texts[4];
  assert.equal(flowCompletions(places(t), CATALOGUE, t.indexOf('{To: ') + 5)?.key, 'To');
});
