// cdk.out/manifest.json: the stack templates it lists, with unsafe paths reported and skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCdkManifest } from '../../../server/src/template/cdk-manifest';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/template/parse');

test('stack artifacts are listed with their template files; others are ignored', () => {
  const m = readCdkManifest(readFileSync(path.join(FIXTURES, 'cdk-manifest.json'), 'utf8'));
  assert.deepEqual(m.stacks, [
    { id: 'NetworkStack', templateFile: 'NetworkStack.template.json', displayName: 'NetworkStack' },
    { id: 'AppStack', templateFile: 'AppStack.template.json' },
  ]);
  assert.deepEqual(m.nestedAssemblies, [{ id: 'assembly-Prod', directory: 'assembly-Prod' }]);
  assert.equal(m.problems.length, 2);
  assert.match(m.problems[0], /Evil.*leaves the cdk\.out folder/);
  assert.match(m.problems[1], /Absolute.*is absolute/);
});

test('unsafe template paths are rejected: .., absolute, Windows drive, backslash parent', () => {
  for (const file of ['../x.json', 'a/../../x.json', '/etc/passwd', 'C:\\x.json', 'a\\..\\..\\x.json', '\\\\server\\share\\x.json']) {
    const m = readCdkManifest(JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: file } } } }));
    assert.deepEqual(m.stacks, [], file);
    assert.equal(m.problems.length, 1, file);
  }
  const ok = readCdkManifest(JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'sub/S..template.json' } } } }));
  assert.deepEqual(ok.stacks, [{ id: 'S', templateFile: 'sub/S..template.json' }]);
});

test('broken manifests give problems, never throw', () => {
  assert.match(readCdkManifest('{').problems[0], /not valid JSON/);
  assert.match(readCdkManifest('[]').problems[0], /not a JSON object/);
  assert.deepEqual(readCdkManifest('{"version": "36.0.0"}'), { stacks: [], nestedAssemblies: [], problems: [] });
  const noFile = readCdkManifest('{"artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {}}}}');
  assert.deepEqual(noFile.stacks, []);
  assert.match(noFile.problems[0], /no properties\.templateFile/);
});
