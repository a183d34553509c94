// Template detection: the tree check after parsing and the cheap text sniff before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { isCloudFormationTemplate, looksLikeCloudFormation } from '../../../server/src/template/detect';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/template/parse');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

const cases: Array<[string, string, boolean]> = [
  ['YAML template', fixture('network.yaml'), true],
  ['JSON template', fixture('network.json'), true],
  ['SAM template (Transform, AWS::Serverless::)', fixture('sam.yaml'), true],
  ['GitHub workflow', fixture('not-a-template.yaml'), false],
  ['version only', 'AWSTemplateFormatVersion: "2010-09-09"\n', true],
  ['Resources with a custom resource only', 'Resources:\n  X:\n    Type: Custom::Thing\n', true],
  ['Resources of another tool', 'Resources:\n  X:\n    Type: kubernetes.io/Pod\n', false],
  ['package.json', '{"name": "x", "version": "1.0.0", "scripts": {"test": "node --test"}}', false],
  ['docker-compose', 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n', false],
  ['minified JSON template', '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}', true],
  ['empty', '', false],
];

for (const [name, text, expected] of cases) {
  test(`detect: ${name} → ${expected}`, () => {
    assert.equal(isCloudFormationTemplate(parseTemplate(text).root), expected);
    assert.equal(looksLikeCloudFormation(text), expected);
  });
}

test('isCloudFormationTemplate: null and scalar roots are not templates', () => {
  assert.equal(isCloudFormationTemplate(null), false);
  assert.equal(isCloudFormationTemplate(parseTemplate('just text').root), false);
  assert.equal(isCloudFormationTemplate(parseTemplate('[1, 2]').root), false);
});

test('looksLikeCloudFormation reads only the first 64 KB', () => {
  const padding = '# ' + 'x'.repeat(100) + '\n';
  const late = padding.repeat(1000) + 'AWSTemplateFormatVersion: "2010-09-09"\n';
  assert.equal(looksLikeCloudFormation(late), false);
  assert.equal(isCloudFormationTemplate(parseTemplate(late).root), true);
  assert.equal(looksLikeCloudFormation('AWSTemplateFormatVersion: "2010-09-09"\n' + padding.repeat(1000)), true);
});

test('looksLikeCloudFormation: a Type line alone, outside any Resources, is not enough', () => {
  assert.equal(looksLikeCloudFormation('Type: AWS::EC2::VPC\n'), false);
  assert.equal(looksLikeCloudFormation('Resources:\n  Vpc:\n    Type: "AWS::EC2::VPC"\n'), true);
  assert.equal(looksLikeCloudFormation('Resources:\r\n  Vpc:\r\n    Type: AWS::EC2::VPC\r\n'), true);
});
