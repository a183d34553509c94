// `packetwalk check`, spawned: exit codes (0/1/2, 2 wins), the findings JSON shape, positions over
// BOM + CRLF + emoji text, SARIF 2.1.0, text lines, --strict, directories and cdk.out cloud assemblies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, FIXTURES, assertNoStack, tempDir } from './run-cli';

const FINDING_KEYS = ['code', 'severity', 'message', 'file', 'range', 'resource', 'flow', 'related'];

function assertFindingShape(f: any): void {
  assert.deepEqual(Object.keys(f).sort(), [...FINDING_KEYS].sort());
  assert.ok(['error', 'warning', 'info'].includes(f.severity));
  for (const end of ['start', 'end']) {
    assert.equal(typeof f.range[end].line, 'number');
    assert.equal(typeof f.range[end].character, 'number');
  }
  assert.ok(f.resource === null || typeof f.resource === 'string');
  assert.ok(f.flow === null || typeof f.flow === 'string');
  for (const r of f.related) assert.deepEqual(Object.keys(r).sort(), ['file', 'message', 'range']);
}

test('clean templates exit 0; a blocked declared flow exits 1 with a finding on the NACL', () => {
  const ok = cliJson(['check', 'examples/private-subnet-dns.yaml', `${FIXTURES}/web-app.yaml`, '--format', 'json']);
  assert.equal(ok.run.status, 0, JSON.stringify(ok.data));
  assert.equal(ok.data.findings.filter((f: any) => f.severity === 'error').length, 0);

  const { run, data } = cliJson(['check', 'examples/lambda-rds.yaml', '--format', 'json']);
  assert.equal(run.status, 1);
  data.findings.forEach(assertFindingShape);
  const nacl = data.findings.find((f: any) => f.severity === 'error' && /^DbNacl/.test(f.resource ?? ''));
  assert.ok(nacl, JSON.stringify(data.findings, null, 1));
  assert.equal(nacl.file, 'examples/lambda-rds.yaml');
  assert.match(nacl.flow, /fn-to-db/);
  assert.ok(nacl.related.length > 0);
  assert.equal(nacl.related[0].file, 'examples/lambda-rds.yaml');
  // The range points into the text (0-based lines): inside the DbNacl resources.
  const lines = fs.readFileSync('examples/lambda-rds.yaml', 'utf8').split('\n');
  const first = lines.indexOf('  DbNacl:');
  const last = lines.indexOf('  DbSubnetAAcl:');
  assert.ok(nacl.range.start.line >= first && nacl.range.start.line < last, `line ${nacl.range.start.line} not in ${first}-${last}`);
});

test('parameters reach check: a flow broken by --param / --parameters exits 1', () => {
  assert.equal(cli(['check', `${FIXTURES}/web-app.yaml`, '--param', 'WebPort=8443']).status, 1);
  assert.equal(cli(['check', `${FIXTURES}/web-app.yaml`, '--parameters', `${FIXTURES}/params-object.json`]).status, 1);
  assert.equal(cli(['check', `${FIXTURES}/web-app.yaml`, '--parameters', `${FIXTURES}/params-list.json`, '--param', 'WebPort=443']).status, 0);
});

test('an unknown verdict is a warning (exit 0) unless --strict (exit 1)', () => {
  const { run, data } = cliJson(['check', `${FIXTURES}/unknown-cidr.yaml`, '--format', 'json']);
  assert.equal(run.status, 0, JSON.stringify(data));
  assert.ok(data.findings.some((f: any) => f.severity === 'warning' && f.flow === 'a-to-b'));
  assert.equal(cli(['check', `${FIXTURES}/unknown-cidr.yaml`, '--strict']).status, 1);
  assert.equal(cli(['check', `${FIXTURES}/unknown-cidr.yaml`, '--strict', '--param', 'ACidr=10.2.1.0/24']).status, 0);
  assert.equal(cli(['check', `${FIXTURES}/unknown-cidr.yaml`, '--param', 'ACidr=10.2.9.0/24']).status, 1);
});

test('a template that does not parse is an error finding (exit 1), not a crash', () => {
  const { run, data } = cliJson(['check', `${FIXTURES}/broken.yaml`, '--format', 'json']);
  assert.equal(run.status, 1);
  assertNoStack(run.stderr);
  const err = data.findings.find((f: any) => f.severity === 'error');
  assert.ok(err);
  assert.equal(err.file, `${FIXTURES}/broken.yaml`);
  assert.ok(err.range.start.line >= 5 && err.range.start.line <= 7, JSON.stringify(err.range));
});

test('BOM + CRLF + emoji: 0-based UTF-16 positions in JSON, 1-based in SARIF and text', () => {
  const dir = tempDir('bom');
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Description: "🚀 rockets 🚀"',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '      Tags: [{Key: "🚀🚀", Value: !Frobnicate x}]',
  ];
  const file = path.join(dir, 'bom.yaml');
  fs.writeFileSync(file, '\uFEFF' + lines.join('\r\n') + '\r\n');
  const expectedLine = 7;
  const expectedChar = lines[7].indexOf('!Frobnicate'); // UTF-16 index: each rocket counts 2
  assert.equal(expectedChar, 34);

  const { data } = cliJson(['check', file, '--format', 'json']);
  const tag = data.findings.find((f: any) => f.code === 'YAML_UNKNOWN_TAG');
  assert.ok(tag, JSON.stringify(data.findings));
  assert.deepEqual(tag.range.start, { line: expectedLine, character: expectedChar });
  assert.equal(tag.range.end.line, expectedLine);
  assert.equal(tag.range.end.character, expectedChar + '!Frobnicate'.length);

  const sarif = cliJson(['check', file, '--format', 'sarif']).data;
  const result = sarif.runs[0].results.find((r: any) => r.ruleId === 'YAML_UNKNOWN_TAG');
  const region = result.locations[0].physicalLocation.region;
  assert.equal(region.startLine, expectedLine + 1);
  assert.equal(region.startColumn, expectedChar + 1);
  assert.equal(region.endColumn, expectedChar + 1 + '!Frobnicate'.length);

  const text = cli(['check', file]);
  assert.ok(text.stdout.includes(`${file}:${expectedLine + 1}:${expectedChar + 1} warning YAML_UNKNOWN_TAG `), text.stdout);
});

test('SARIF 2.1.0 structure', () => {
  const { run, data } = cliJson(['check', 'examples/lambda-rds.yaml', `${FIXTURES}/broken.yaml`, '--format', 'sarif']);
  assert.equal(run.status, 1);
  assert.match(data.$schema, /sarif-2\.1\.0/);
  assert.equal(data.version, '2.1.0');
  assert.equal(data.runs.length, 1);
  const runObj = data.runs[0];
  assert.equal(runObj.columnKind, 'utf16CodeUnits');
  const driver = runObj.tool.driver;
  assert.equal(driver.name, 'packetwalk');
  assert.match(driver.informationUri, /^https:\/\//);
  const ruleIds = driver.rules.map((r: any) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'one rule per code');
  for (const rule of driver.rules) assert.ok(rule.helpUri.endsWith(`docs/codes.md#${rule.id.toLowerCase()}`), rule.helpUri);
  assert.ok(runObj.results.length > 0);
  for (const r of runObj.results) {
    assert.ok(ruleIds.includes(r.ruleId));
    assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.equal(typeof r.message.text, 'string');
    const loc = r.locations[0].physicalLocation;
    assert.ok(['examples/lambda-rds.yaml', 'test/fixtures/cli/broken.yaml'].includes(loc.artifactLocation.uri), loc.artifactLocation.uri);
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.ok(Array.isArray(r.relatedLocations));
  }
  const nacl = runObj.results.find((r: any) => r.level === 'error' && r.locations[0].physicalLocation.artifactLocation.uri === 'examples/lambda-rds.yaml');
  assert.ok(nacl.relatedLocations.length > 0);
  assert.ok(nacl.relatedLocations[0].physicalLocation.region.startLine >= 1);
  assert.equal(typeof nacl.relatedLocations[0].message.text, 'string');
});

test('text format: file:line:col severity CODE message, then a summary', () => {
  const r = cli(['check', 'examples/lambda-rds.yaml', 'examples/private-subnet-dns.yaml']);
  assert.equal(r.status, 1);
  const out = r.stdout.trimEnd().split('\n');
  assert.match(out[out.length - 1], /^\d+ findings? \(\d+ errors?, \d+ warnings?, \d+ info\) in 2 files checked$/);
  assert.ok(out.some((l) => /^examples\/lambda-rds\.yaml:\d+:\d+ error [A-Z0-9_]+ .+/.test(l)), r.stdout);
});

test('directories: recursion, skipped folders, non-templates, cdk.out manifests, symlinks out of the root', () => {
  const root = tempDir('dir');
  const outside = tempDir('outside');
  const broken = fs.readFileSync(`${FIXTURES}/broken.yaml`, 'utf8');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('clean.yaml', fs.readFileSync('examples/private-subnet-dns.yaml', 'utf8'));
  write('nested/deeper/broken.yml', broken);
  write('nested/other.template', broken);
  write('node_modules/pkg/broken.yaml', broken);
  write('.hidden/broken.yaml', broken);
  write('nested/not-cfn.yaml', 'name: x\nlist: [1, 2\n');
  write('nested/notes.txt', broken);
  // A cloud assembly: only the stacks its manifest names count, not every JSON inside it.
  write('app/cdk.out/manifest.json', JSON.stringify({
    version: '36.0.0',
    artifacts: {
      Net: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Net.template.json' } },
      Escape: { type: 'aws:cloudformation:stack', properties: { templateFile: '../../escape.template.json' } },
      Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
    },
  }));
  write('app/cdk.out/Net.template.json', '{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": { "Vpc": { "Type": "AWS::EC2::VPC", ');
  write('app/cdk.out/Stray.template.json', '{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": [ ');
  write('escape.template.json', '{ "Resources": { "X": { "Type": "AWS::EC2::VPC" ');
  fs.writeFileSync(path.join(outside, 'broken.yaml'), broken);
  fs.symlinkSync(outside, path.join(root, 'link-out'));
  fs.symlinkSync(path.join(root, 'nested'), path.join(root, 'link-in'));

  const { run, data } = cliJson(['check', root, '--format', 'json']);
  assert.equal(run.status, 1);
  data.findings.forEach(assertFindingShape);
  const files = [...new Set(data.findings.map((f: any) => path.relative(root, f.file)))].sort();
  assert.deepEqual(files, [
    'app/cdk.out/Net.template.json',
    'app/cdk.out/manifest.json',
    'escape.template.json',
    'nested/deeper/broken.yml',
    'nested/other.template',
  ]);
  const manifest = data.findings.find((f: any) => f.file.endsWith('manifest.json'));
  assert.equal(manifest.severity, 'warning');

  // The manifest itself can be named; and a cdk.out folder directly.
  const direct = cliJson(['check', path.join(root, 'app/cdk.out/manifest.json'), '--format', 'json']).data;
  assert.ok(direct.findings.some((f: any) => f.file.endsWith('Net.template.json')));
  assert.ok(!direct.findings.some((f: any) => f.file.endsWith('Stray.template.json')));
  const folder = cliJson(['check', path.join(root, 'app/cdk.out'), '--format', 'json']).data;
  assert.ok(folder.findings.some((f: any) => f.file.endsWith('Net.template.json')));
});

test('a file above the size cap is a finding, not a parse', () => {
  const dir = tempDir('big');
  const file = path.join(dir, 'big.yaml');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n# ");
  fs.writeSync(fd, Buffer.alloc(9 * 1024 * 1024, 'x'));
  fs.closeSync(fd);
  const { run, data } = cliJson(['check', file, '--format', 'json']);
  assert.equal(run.status, 1);
  assert.equal(data.findings[0].code, 'INPUT_TOO_LARGE');
});

test('exit 2: missing paths and bad flags, and 2 wins over 1', () => {
  const missing = cli(['check', `${FIXTURES}/nope.yaml`]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.yaml/);
  assertNoStack(missing.stderr);
  const both = cli(['check', 'examples/lambda-rds.yaml', `${FIXTURES}/nope.yaml`, '--format', 'json']);
  assert.equal(both.status, 2);
  assert.ok(JSON.parse(both.stdout).findings.length > 0, 'the findings of the other files are still printed');
  for (const args of [['check'], ['check', '.', '--format', 'xml'], ['check', '.', '--from', 'A']]) {
    assert.equal(cli(args).status, 2, args.join(' '));
  }
});

test('a file that is not a template: named explicitly, it gets an info note and exit 0', () => {
  const { run, data } = cliJson(['check', `${FIXTURES}/not-a-template.yaml`, '--format', 'json']);
  assert.equal(run.status, 0);
  assert.equal(data.findings.length, 1);
  assert.equal(data.findings[0].severity, 'info');
});
