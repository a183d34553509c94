// One element can drop different flows for different reasons (a NACL that drops one flow's replies on the
// way out and another flow's replies on the way in): the grouped finding must state each reason, not only
// the first flow's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';

const TEXT = readFileSync(join('test', 'fixtures', 'analyze', 'one-nacl-two-reasons.yaml'), 'utf8');

test('a finding grouping flows that one NACL drops for different reasons names each reason with its flow', () => {
  const a = analyzeText(TEXT);
  const f = a.findings.filter((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(f.length, 1, 'one finding per element and code');
  const [finding] = f;
  // On the NACL resource itself (its body, right after the `WebNacl:` key).
  assert.match(TEXT.slice(0, finding.range.start), /WebNacl:\s*$/);
  assert.match(TEXT.slice(finding.range.start, finding.range.end), /^Type: AWS::EC2::NetworkAcl/);
  assert.deepEqual([...(finding.flows ?? [])].sort(), ['internet-to-web', 'web-to-db']);
  // internet-to-web: the reply leaves the web subnet towards the client's ports 1024-65535 (outbound rules).
  assert.match(finding.message, /flow internet-to-web: NACL WebNacl \(subnet PublicSubnet\) outbound drops the reply[^.]*1024-65535/);
  // web-to-db: the reply from Db enters the web subnet on Web's Linux ephemeral ports (inbound rules).
  assert.match(finding.message, /flow web-to-db: NACL WebNacl \(subnet PublicSubnet\) inbound drops the reply[^.]*32768-60999/);
});

test('flows dropped by one element for the same reason share one sentence', () => {
  const text = TEXT.replace(
    "      - Name: web-to-db\n",
    "      - Name: internet-to-web-2\n        From: internet\n        To: Web\n        Port: 443\n      - Name: web-to-db\n",
  );
  const a = analyzeText(text);
  const f = a.findings.find((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.ok(f);
  assert.deepEqual([...(f.flows ?? [])].sort(), ['internet-to-web', 'internet-to-web-2', 'web-to-db']);
  // The two internet flows meet the same outbound rule set: their names appear together in one part.
  assert.match(f.message, /flows internet-to-web, internet-to-web-2: NACL WebNacl/);
});
