// The pure helper behind packetwalk/flowDeclarationEdit: for every shape the Metadata may have (missing,
// empty, flow style, block style, YAML or JSON, CRLF), the edited text parses and declares the new flow
// next to the flows it already had.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analyze/analyze';
import { flowDeclarationEdits, type FlowDeclaration, type OffsetEdit } from '../../server/src/analyze/flow-edit';
import { parseTemplate } from '../../server/src/template/parse';

const RESOURCES_YAML = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
`;

const FLOW: FlowDeclaration = { name: 'web-in', from: 'internet', to: 'Subnet', protocol: 'tcp', port: 443, expect: 'blocked' };

function apply(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function declare(text: string, flow: FlowDeclaration = FLOW): string {
  const parse = parseTemplate(text);
  const edits = flowDeclarationEdits(parse.text, parse, flow);
  assert.ok(edits.length > 0, 'no edit proposed');
  return apply(parse.text, edits);
}

function flowNames(text: string): string[] {
  const analysis = analyzeText(text);
  const errors = analysis.parse.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors, [], `edited text does not parse:\n${text}`);
  return analysis.flows.map((f) => f.flow.name);
}

function declaredFlow(text: string, name: string) {
  return analyzeText(text).flows.find((f) => f.flow.name === name)?.flow;
}

const YAML_CASES: Array<[string, string, string[]]> = [
  ['no Metadata', `AWSTemplateFormatVersion: "2010-09-09"\n${RESOURCES_YAML}`, []],
  ['no Metadata, no trailing newline', `AWSTemplateFormatVersion: "2010-09-09"\n${RESOURCES_YAML.trimEnd()}`, []],
  ['Metadata without PacketWalk', `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  Other: 1\n${RESOURCES_YAML}`, []],
  ['empty Metadata', `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${RESOURCES_YAML}`, []],
  ['PacketWalk without Flows', `Metadata:\n  PacketWalk:\n    Note: x\n${RESOURCES_YAML}`, []],
  ['empty flow-style list', `Metadata:\n  PacketWalk:\n    Flows: []\n${RESOURCES_YAML}`, []],
  [
    'flow-style list with an item',
    `Metadata:\n  PacketWalk:\n    Flows: [{Name: a, From: Subnet, To: internet, Protocol: tcp, Port: 80}]\n${RESOURCES_YAML}`,
    ['a'],
  ],
  [
    'block list, four-space indentation, Metadata after Resources',
    `${RESOURCES_YAML.replace(/^ {2}/gm, '    ').replace(/^ {8}/gm, '        ')}Metadata:\n    PacketWalk:\n        Flows:\n            -   Name: a\n                From: Subnet\n                To: internet\n                Protocol: udp\n                Port: 53\n# trailing comment\n`,
    ['a'],
  ],
  [
    'block list at the key column (no extra indent)',
    `Metadata:\n  PacketWalk:\n    Flows:\n    - Name: a\n      From: Subnet\n      To: internet\n      Protocol: tcp\n      Port: 80\n${RESOURCES_YAML}`,
    ['a'],
  ],
];

describe('flowDeclarationEdits (YAML)', () => {
  for (const [name, text, before] of YAML_CASES) {
    it(`declares the flow: ${name}`, () => {
      assert.deepEqual(flowNames(text), before);
      const edited = declare(text);
      assert.deepEqual(flowNames(edited), [...before, 'web-in']);
      const flow = declaredFlow(edited, 'web-in')!;
      assert.equal(flow.from, 'internet');
      assert.equal(flow.to, 'Subnet');
      assert.equal(flow.expect, 'blocked');
      assert.deepEqual(flow.port, { from: 443, to: 443 });
    });
  }

  it('keeps CRLF line endings', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"\n${RESOURCES_YAML}`.replace(/\n/g, '\r\n');
    const edited = declare(text);
    assert.equal(edited.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF was written');
    assert.deepEqual(flowNames(edited), ['web-in']);
  });

  it('quotes values YAML would read as something else, and writes port ranges', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"\n${RESOURCES_YAML}`;
    const edited = declare(text, { name: 'yes', from: 'Subnet', to: '10.0.1.0/24', protocol: 'udp', port: '1024-2048' });
    const flow = declaredFlow(edited, 'yes')!;
    assert.equal(flow.to, '10.0.1.0/24');
    assert.deepEqual(flow.port, { from: 1024, to: 2048 });
  });

  it('proposes nothing when the text has no usable root', () => {
    const parse = parseTemplate('');
    assert.deepEqual(flowDeclarationEdits(parse.text, parse, FLOW), []);
  });
});

const RESOURCES_JSON = {
  Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
  Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
};

const JSON_CASES: Array<[string, string, string[]]> = [
  ['no Metadata (2 spaces)', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: RESOURCES_JSON }, null, 2), []],
  ['no Metadata (tabs)', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: RESOURCES_JSON }, null, '\t'), []],
  ['minified', JSON.stringify({ Resources: RESOURCES_JSON }), []],
  ['empty Metadata', JSON.stringify({ Metadata: {}, Resources: RESOURCES_JSON }, null, 2), []],
  ['PacketWalk without Flows', JSON.stringify({ Metadata: { PacketWalk: {} }, Resources: RESOURCES_JSON }, null, 4), []],
  ['empty Flows', JSON.stringify({ Metadata: { PacketWalk: { Flows: [] } }, Resources: RESOURCES_JSON }, null, 2), []],
  [
    'Flows with an item',
    JSON.stringify(
      { Metadata: { PacketWalk: { Flows: [{ Name: 'a', From: 'Subnet', To: 'internet', Protocol: 'tcp', Port: 80 }] } }, Resources: RESOURCES_JSON },
      null,
      2,
    ),
    ['a'],
  ],
  ['Flows is null', JSON.stringify({ Metadata: { PacketWalk: { Flows: null } }, Resources: RESOURCES_JSON }, null, 2), []],
];

describe('flowDeclarationEdits (JSON)', () => {
  for (const [name, text, before] of JSON_CASES) {
    it(`declares the flow: ${name}`, () => {
      assert.deepEqual(flowNames(text), before);
      const edited = declare(text);
      // Still strict JSON, not just something our parser tolerates.
      const data = JSON.parse(edited) as { Metadata: { PacketWalk: { Flows: Array<{ Name: string }> } } };
      assert.deepEqual(data.Metadata.PacketWalk.Flows.map((f) => f.Name), [...before, 'web-in']);
      assert.deepEqual(flowNames(edited), [...before, 'web-in']);
      // Written in the document's own layout: re-serialising with its indentation changes nothing.
      const indent = /^\t/m.test(text) ? '\t' : /^ {4}"/m.test(text) && !/^ {2}"/m.test(text) ? 4 : /\n/.test(text) ? 2 : undefined;
      if (indent !== undefined) assert.equal(edited, JSON.stringify(data, null, indent));
    });
  }
});
