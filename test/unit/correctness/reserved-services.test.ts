// The VPC's reserved services: the Amazon DNS server (primary block base + 2, and 169.254.169.253),
// instance metadata (169.254.169.254) and Time Sync (169.254.169.123) are valid destinations, also where
// no subnet holds the address; security groups and network ACLs do not filter this traffic and no route
// table is used, so a locked-down subnet still resolves names (VPC User Guide, "Amazon DNS server";
// EC2 User Guide, instance metadata and Time Sync). What stops them is checked: EnableDnsSupport false,
// MetadataOptions.HttpEndpoint disabled, another VPC's resolver, a port the service does not serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, firstNonPass, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('reserved-services.yaml');

test('a locked-down instance reaches the DNS server (base + 2 and 169.254.169.253), metadata and Time Sync; the trace says why nothing was checked', () => {
  for (const [to, protocol, port] of [['10.0.0.2', 'udp', 53], ['10.0.0.2', 'tcp', 53], ['169.254.169.253', 'udp', 53], ['169.254.169.254', 'tcp', 80], ['169.254.169.123', 'udp', 123]] as const) {
    const t = trace(TEXT, { from: 'Host', to, protocol, port });
    assert.equal(t.verdict, 'reachable', `${to}: ${hopsText(t)}`);
    assert.ok(!t.hops.some((h) => h.resource === 'LockedSg' || h.resource === 'LockedAcl' || h.type === 'AWS::EC2::RouteTable' || h.element === 'mainRouteTable'), hopsText(t));
    assert.ok(t.hops.some((h) => /not filtered by security groups or network ACLs and does not use route tables/.test(h.reason)), hopsText(t));
  }
  // 10.0.0.2 lies in no subnet of the template: still a valid destination.
  assert.equal(trace(TEXT, { from: 'Fn', to: '10.0.0.2', protocol: 'udp', port: 53 }).verdict, 'reachable');
  // The same locked-down host reaches nothing else.
  const other = trace(TEXT, { from: 'Host', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(other.verdict, 'blocked', hopsText(other));
});

test('EnableDnsSupport false: the DNS server does not answer (VPC_DNS_SUPPORT_DISABLED on the VPC), metadata still does', () => {
  const off = edit(TEXT, ['EnableDnsSupport: true', 'EnableDnsSupport: false']);
  for (const to of ['10.0.0.2', '169.254.169.253']) {
    const t = trace(off, { from: 'Host', to, protocol: 'udp', port: 53 });
    assert.equal(t.verdict, 'blocked', hopsText(t));
    assert.equal(t.blockedAt?.code, 'VPC_DNS_SUPPORT_DISABLED');
    assert.equal(t.blockedAt?.resource, 'Vpc');
  }
  assert.equal(trace(off, { from: 'Host', to: '169.254.169.254', port: 80 }).verdict, 'reachable');
  // A value the template leaves open: unknown.
  const param = edit(TEXT, ['EnableDnsSupport: true', 'EnableDnsSupport: !Ref Dns']).replace('Resources:', 'Parameters:\n  Dns:\n    Type: String\nResources:');
  assert.equal(trace(param, { from: 'Host', to: '10.0.0.2', protocol: 'udp', port: 53 }).verdict, 'unknown');
});

test('metadata disabled on the instance: IMDS_DISABLED there; enabled by default', () => {
  const t = trace(TEXT, { from: 'NoImds', to: '169.254.169.254', port: 80 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'IMDS_DISABLED');
  assert.equal(t.blockedAt?.resource, 'NoImds');
  assert.equal(trace(TEXT, { from: 'Host', to: '169.254.169.254', port: 80 }).verdict, 'reachable');
});

test('each service serves only its port and its own VPC; a Lambda function and metadata is not modelled: unknown', () => {
  const port = trace(TEXT, { from: 'Host', to: '10.0.0.2', port: 22 });
  assert.equal(port.blockedAt?.code, 'RESERVED_SERVICE_PORT_RESTRICTION');
  const other = trace(TEXT, { from: 'Host', to: '10.1.0.2', protocol: 'udp', port: 53 });
  assert.equal(other.verdict, 'blocked', hopsText(other));
  assert.equal(other.blockedAt?.code, 'RESERVED_SERVICE_OUTSIDE_VPC');
  const fn = trace(TEXT, { from: 'Fn', to: '169.254.169.254', port: 80 });
  assert.equal(fn.verdict, 'unknown', hopsText(fn));
  assert.equal(firstNonPass(fn)?.code, 'UNSUPPORTED_COMPONENT');
  assert.equal(trace(TEXT, { from: 'internet', to: '10.0.0.2', protocol: 'udp', port: 53 }).verdict, 'blocked');
});
