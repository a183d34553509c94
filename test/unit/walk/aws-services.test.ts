// `aws:<service>` endpoints: a gateway endpoint's prefix-list route where the subnet has one, an interface
// endpoint's interfaces when it has private DNS, otherwise the public endpoint through the NAT gateway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopsOf, trace } from './walk-fixtures';

const T = fixture('aws-services.yaml');
const text = (t: ReturnType<typeof trace>) => t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code}`).join('\n') + '\n' + t.assumptions.join('\n');

test('aws:s3 from a subnet whose route table has the S3 gateway endpoint goes by it, forward and back; the policy is out of scope', () => {
  const t = trace(T, { from: 'AppHost', to: 'aws:s3', port: 443 });
  assert.equal(t.verdict, 'reachable', text(t));
  const via = hopsOf(t, 'forward').find((h) => h.resource === 'S3Endpoint');
  assert.ok(via, text(t));
  assert.match(via!.reason, /gateway endpoint S3Endpoint/);
  assert.ok(!t.hops.some((h) => h.resource === 'Nat'), 'not through the NAT gateway');
  assert.ok(hopsOf(t, 'return').length > 0);
  assert.match(t.assumptions.join('\n'), /policy is not checked \(out of scope\)/);
  // Gateway endpoints carry TCP and ICMP echo only.
  assert.equal(trace(T, { from: 'AppHost', to: 'aws:s3', protocol: 'udp', port: 443 }).blockedAt?.code, 'VPCE_GATEWAY_PROTOCOL_RESTRICTION');
});

test('aws:s3 from a subnet without the endpoint route goes to the public endpoint through the NAT gateway', () => {
  const t = trace(T, { from: 'OtherHost', to: 'aws:s3', port: 443 });
  assert.equal(t.verdict, 'reachable', text(t));
  assert.ok(t.hops.some((h) => h.resource === 'Nat'), text(t));
  assert.match(t.assumptions.join('\n'), /no endpoint of s3 serves subnet Other/);
});

test('aws:secretsmanager resolves to the interface endpoint (private DNS): its security group decides, per source subnet', () => {
  const ok = trace(T, { from: 'AppHost', to: 'aws:secretsmanager', port: 443 });
  assert.equal(ok.verdict, 'reachable', text(ok));
  assert.ok(ok.hops.some((h) => h.resource === 'EndpointSg'));
  assert.match(ok.assumptions.join('\n'), /resolves to the addresses of interface endpoint Secrets/);
  const blocked = trace(T, { from: 'OtherHost', to: 'aws:secretsmanager', port: 443 });
  assert.equal(blocked.verdict, 'blocked');
  assert.equal(blocked.blockedAt?.resource, 'EndpointSg');
});

test('aws:ecr.api with an interface endpoint without private DNS still goes to the public endpoint', () => {
  const t = trace(T, { from: 'AppHost', to: 'aws:ecr.api', port: 443 });
  assert.equal(t.verdict, 'reachable', text(t));
  assert.ok(t.hops.some((h) => h.resource === 'Nat'));
  assert.match(t.assumptions.join('\n'), /Ecr of ecr.api has PrivateDnsEnabled false/);
  const dns = trace(edit(T, ['ServiceName: com.amazonaws.us-east-1.ecr.api,', 'ServiceName: com.amazonaws.us-east-1.ecr.api, PrivateDnsEnabled: true,']), { from: 'AppHost', to: 'aws:ecr.api', port: 443 });
  assert.ok(!dns.hops.some((h) => h.resource === 'Nat'), text(dns));
  assert.equal(dns.verdict, 'reachable');
});
