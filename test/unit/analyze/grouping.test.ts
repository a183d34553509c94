// One element can drop different flows at different sides (a NACL that drops one flow's replies on the way
// out and another flow's replies on the way in): those are two fixes, so two findings, each with the right
// reason; flows meeting the same side share one finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';

const TEXT = readFileSync(join('test', 'fixtures', 'analyze', 'one-nacl-two-reasons.yaml'), 'utf8');

test('a NACL dropping replies outbound for one flow and inbound for another gives one finding per side', () => {
  const a = analyzeText(TEXT);
  const f = a.findings.filter((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(f.length, 2);
  for (const finding of f) {
    // On the NACL's logical-ID key (one line), the implicit deny deciding.
    assert.equal(TEXT.slice(finding.range.start, finding.range.end), 'WebNacl');
  }
  const out = f.find((x) => x.flows?.includes('internet-to-web'));
  const inb = f.find((x) => x.flows?.includes('web-to-db'));
  assert.ok(out && inb && out !== inb);
  assert.deepEqual(out.flows, ['internet-to-web']);
  assert.match(out.message, /^Return traffic of flow internet-to-web is dropped: NACL WebNacl \(subnet PublicSubnet\) outbound drops the reply[^]*1024-65535/);
  assert.deepEqual(inb.flows, ['web-to-db']);
  assert.match(inb.message, /^Return traffic of flow web-to-db is dropped: NACL WebNacl \(subnet PublicSubnet\) inbound drops the reply[^]*32768-60999/);
});

test('flows dropped at the same side of one NACL share one finding', () => {
  const text = TEXT.replace(
    '      - Name: web-to-db\n',
    '      - Name: internet-to-web-2\n        From: internet\n        To: Web\n        Port: 443\n      - Name: web-to-db\n',
  );
  const a = analyzeText(text);
  const f = a.findings.filter((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(f.length, 2);
  const out = f.find((x) => x.flows?.includes('internet-to-web'));
  assert.deepEqual(out?.flows, ['internet-to-web', 'internet-to-web-2']);
  assert.match(out!.message, /^Return traffic of flows internet-to-web, internet-to-web-2 is dropped: NACL WebNacl/);
});
