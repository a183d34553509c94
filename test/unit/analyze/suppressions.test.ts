// Suppressions in the template (`Metadata: PacketWalk: Ignore: [CODE, …]` on a resource): the finding they
// name goes, one that names nothing is reported, a malformed entry is reported, other findings stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';

// The example whose database NACL drops the replies (NACL_RETURN_EPHEMERAL_BLOCKED on DbNacl).
const BROKEN = readFileSync(join('examples', 'lambda-rds.yaml'), 'utf8');

function withIgnore(text: string, resource: string, list: string): string {
  const marker = `  ${resource}:\n    Type: `;
  assert.ok(text.includes(marker), resource);
  return text.replace(marker, `  ${resource}:\n    Metadata:\n      PacketWalk:\n        Ignore: ${list}\n    Type: `);
}

const codes = (text: string) => analyzeText(text).findings.map((f) => `${f.code}@${f.resource ?? '-'}`);

test('without suppression the example reports the return-traffic NACL finding', () => {
  assert.ok(codes(BROKEN).includes('NACL_RETURN_EPHEMERAL_BLOCKED@DbNacl'), codes(BROKEN).join(' '));
});

test('Ignore on the blocking resource silences that code there, and nothing is reported about the suppression', () => {
  const text = withIgnore(BROKEN, 'DbNacl', '[NACL_RETURN_EPHEMERAL_BLOCKED]');
  const found = codes(text);
  assert.ok(!found.includes('NACL_RETURN_EPHEMERAL_BLOCKED@DbNacl'), found.join(' '));
  assert.ok(!found.some((c) => c.startsWith('SUPPRESSION_')), found.join(' '));
});

test('an Ignore that silences nothing is SUPPRESSION_UNUSED on its entry; the finding stays when the code is on another resource', () => {
  const text = withIgnore(BROKEN, 'DbSecurityGroup', '[NACL_RETURN_EPHEMERAL_BLOCKED, ENI_SG_RULES_MISMATCH]');
  const a = analyzeText(text);
  const unused = a.findings.filter((f) => f.code === 'SUPPRESSION_UNUSED');
  assert.equal(unused.length, 2);
  for (const u of unused) {
    assert.equal(u.severity, 'warning');
    assert.equal(u.resource, 'DbSecurityGroup');
    assert.match(text.slice(u.range.start, u.range.end), /^(NACL_RETURN_EPHEMERAL_BLOCKED|ENI_SG_RULES_MISMATCH)$/);
  }
  assert.ok(a.findings.some((f) => f.code === 'NACL_RETURN_EPHEMERAL_BLOCKED' && f.resource === 'DbNacl'));
});

test('an Ignore of another code leaves the finding and reports the unused entry', () => {
  const found = codes(withIgnore(BROKEN, 'DbNacl', '[SUBNET_ACL_RESTRICTION]'));
  assert.ok(found.includes('NACL_RETURN_EPHEMERAL_BLOCKED@DbNacl'));
  assert.ok(found.includes('SUPPRESSION_UNUSED@DbNacl'));
});

test('a template problem inside the resource is silenced by its code; malformed entries are SUPPRESSION_INVALID', () => {
  const bad = BROKEN.replace('      CidrBlock: 10.0.3.0/24\n', '      CidrBlock: 10.0.3.0/99\n');
  const problem = analyzeText(bad).findings.find((f) => f.range.start > bad.indexOf('  DbSubnetA:') && f.range.start < bad.indexOf('  DbSubnetB:') && f.severity === 'error');
  assert.ok(problem, 'an invalid CIDR is a problem inside DbSubnetA');
  const silenced = analyzeText(withIgnore(bad, 'DbSubnetA', `[${problem!.code}]`));
  assert.ok(!silenced.findings.some((f) => f.code === problem!.code && f.message === problem!.message));
  const invalid = analyzeText(withIgnore(BROKEN, 'DbNacl', '[nacl-return, { Code: X }, NACL_RETURN_EPHEMERAL_BLOCKED]')).findings;
  assert.equal(invalid.filter((f) => f.code === 'SUPPRESSION_INVALID').length, 2);
  assert.ok(!invalid.some((f) => f.code === 'NACL_RETURN_EPHEMERAL_BLOCKED'));
});
