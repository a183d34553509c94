// packetwalk as a `cdk synth` validation plugin (`require('packetwalk/cdk').PacketWalkValidation`, the
// bundled dist/cdk.js): a blocked declared flow fails the synth, reported by CDK with the construct path
// of the blocking element, the app's source line and the acknowledgement id; once fixed, synth passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runApp, TWO_STACK_APP, withPlugin } from './cdk-apps';

test('cdk synth fails on a blocked flow with the violation on the NACL construct and its source line, and passes once fixed', () => {
  const broken = runApp(withPlugin(TWO_STACK_APP));
  const out = broken.stdout + broken.stderr;
  assert.notEqual(broken.status, 0, out);
  const line = broken.app.line('@DataAcl');
  assert.match(out, new RegExp(`app\\.js:${line}:\\d+\\s+ERROR Return traffic of flow web-to-db`));
  assert.match(out, /NetworkStack\/DataAcl\/Resource \(DataAcl[0-9A-F]{8}\)/);
  assert.match(out, /Acknowledge with 'packetwalk::NACL_RETURN_EPHEMERAL_BLOCKED'/);
  const report = JSON.parse(fs.readFileSync(path.join(broken.app.outdir, 'validation-report.json'), 'utf8'));
  assert.match(JSON.stringify(report), /packetwalk/);

  const fixed = runApp(withPlugin(TWO_STACK_APP), { env: { FIXED: '1' } });
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
  assert.doesNotMatch(fixed.stdout + fixed.stderr, /flow web-to-db/);
});

test('the plugin entry point loads without aws-cdk-lib and implements the plugin interface', () => {
  const mod = require(path.resolve(__dirname, '../../../../dist/cdk.js'));
  const plugin = new mod.PacketWalkValidation();
  assert.equal(plugin.name, 'packetwalk');
  assert.equal(typeof plugin.validate, 'function');
  const report = plugin.validate({ templatePaths: [] });
  assert.deepEqual(report.violations, []);
  assert.equal(report.success, true);
  const src = fs.readFileSync(path.resolve(__dirname, '../../../../dist/cdk.js'), 'utf8');
  assert.doesNotMatch(src, /require\("aws-cdk-lib/);
});
