// The exposure report is path-aware: the same SG rule from 0.0.0.0/0 on port 22 is an exposure only with a
// public address, a default route to an attached internet gateway and NACLs that let the packets in and the
// replies out; ranges are collapsed; an accepted exposure or a flow expected blocked silences the warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, implied, textAt } from './implied-fixtures';
import type { Analysis } from '../../../server/src/analyze/types';
import { fixture as walkFixture } from '../walk/walk-fixtures';

const BASTION = implied('public-bastion.yaml');

function summary(a: Analysis): string[] {
  return (a.exposures ?? []).map((x) => `${x.endpoint} ${x.protocol}/${x.ports.from === x.ports.to ? x.ports.from : `${x.ports.from}-${x.ports.to}`}`);
}

function warnings(a: Analysis) {
  return a.findings.filter((f) => f.code === 'EXPOSED_SENSITIVE_PORT');
}

test('SSH from 0.0.0.0/0 on an instance with a public address, an IGW route and open NACLs: exposed, a warning on the rule', () => {
  const a = analyze(BASTION);
  assert.deepEqual(summary(a), ['Bastion tcp/22']);
  const x = a.exposures![0];
  assert.deepEqual(x.via, ['Igw', 'PublicNacl', 'BastionSg', 'Bastion']);
  assert.equal(x.address, 'the public IP address Bastion gets at launch');
  assert.equal(x.rule.resource, 'BastionSg');
  const w = warnings(a);
  assert.equal(w.length, 1);
  assert.equal(w[0].severity, 'warning');
  assert.equal(w[0].exposure, true);
  assert.equal(w[0].implied, undefined);
  // On the first line of the rule item (findings sit on one line, the line a person edits).
  const ruleAt = BASTION.indexOf('- IpProtocol: tcp\n          FromPort: 22');
  assert.ok(w[0].range.start >= ruleAt && w[0].range.start <= ruleAt + 2 && !textAt(BASTION, w[0].range).includes('\n'), JSON.stringify(textAt(BASTION, w[0].range)));
  assert.match(w[0].message, /Bastion on tcp 22 \(sensitive: 22 \(SSH\)\)/);
  assert.ok(w[0].related.some((r) => r.message.includes('Igw')), JSON.stringify(w[0].related));
});

test('the same rule without a public address is no exposure', () => {
  const a = analyze(edit(BASTION, ['      MapPublicIpOnLaunch: true', '      MapPublicIpOnLaunch: false']));
  assert.deepEqual(summary(a), []);
  assert.deepEqual(warnings(a), []);
});

test('the same rule in a subnet whose default route does not lead to the internet gateway is no exposure', () => {
  const a = analyze(edit(BASTION, ['      DestinationCidrBlock: 0.0.0.0/0', '      DestinationCidrBlock: 192.0.2.0/24']));
  assert.deepEqual(summary(a), []);
  assert.deepEqual(warnings(a), []);
});

test('the same rule behind a NACL that drops the replies (outbound only 22) is no exposure', () => {
  const a = analyze(edit(BASTION, ['      PortRange: { From: 1024, To: 65535 }\n  PublicNaclInReplies', '      PortRange: { From: 22, To: 22 }\n  PublicNaclInReplies']));
  assert.deepEqual(summary(a), []);
  assert.deepEqual(warnings(a), []);
});

test('the same rule behind a NACL that does not admit port 22 in is no exposure', () => {
  const a = analyze(edit(BASTION, ['      PortRange: { From: 22, To: 22 }\n  PublicNaclOut:', '      PortRange: { From: 80, To: 80 }\n  PublicNaclOut:']));
  assert.deepEqual(summary(a), []);
});

test('a wide rule is reported as the collapsed ranges the NACL lets through, not port by port', () => {
  const wide = edit(BASTION, ['          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0', '          FromPort: 0\n          ToPort: 65535\n          CidrIp: 0.0.0.0/0']);
  // The NACL admits 22 and 1024-65535 in: those two ranges, each one entry.
  const a = analyze(wide);
  assert.deepEqual(summary(a), ['Bastion tcp/22', 'Bastion tcp/1024-65535']);
  assert.equal(warnings(a).length, 1, 'one warning on the one rule that opens both');
  assert.match(warnings(a)[0].message, /1024-65535 \(sensitive: 1433 \(SQL Server\), 1521 \(Oracle\), 2375 \(Docker API\), 2376 \(Docker API \(TLS\)\), 11 more\)/);
});

test('an accepted exposure (Metadata PacketWalk Exposed) is still listed but no longer a warning', () => {
  const accepted = edit(BASTION, ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  PacketWalk:\n    Exposed:\n      - { Endpoint: Bastion, Port: 22 }\n"]);
  const a = analyze(accepted);
  assert.deepEqual(summary(a), ['Bastion tcp/22']);
  assert.deepEqual(warnings(a), []);
  const other = analyze(edit(accepted, ['Endpoint: Bastion, Port: 22', 'Endpoint: Bastion, Port: 3389']));
  assert.equal(warnings(other).length, 1, 'accepting another port silences nothing');
  assert.deepEqual(unused(a), [], 'an entry that accepts an exposure is used');
});

function unused(a: Analysis) {
  return a.findings.filter((f) => f.code === 'EXPOSED_ENTRY_UNUSED');
}

const ACCEPT_22 = ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  PacketWalk:\n    Exposed:\n      - { Endpoint: Bastion, Port: 22 }\n"] as const;

test('an accepted exposure that accepts nothing (the port is no longer reachable) is a warning on its item', () => {
  const gone = edit(BASTION, [...ACCEPT_22], ['      MapPublicIpOnLaunch: true', '      MapPublicIpOnLaunch: false']);
  const a = analyze(gone);
  const u = unused(a);
  assert.equal(u.length, 1);
  assert.equal(u[0].severity, 'warning');
  assert.equal(textAt(gone, u[0].range), '{ Endpoint: Bastion, Port: 22 }');
  assert.match(u[0].message, /accepts Bastion on port 22, but the internet does not reach Bastion there/);
  // Accepting another port of a reachable endpoint accepts nothing either.
  const otherPort = analyze(edit(BASTION, [...ACCEPT_22], ['Endpoint: Bastion, Port: 22', 'Endpoint: Bastion, Port: 3389']));
  assert.equal(unused(otherPort).length, 1);
});

test('an accepted exposure naming no endpoint of the template is a warning', () => {
  const a = analyze(edit(BASTION, [...ACCEPT_22], ['Endpoint: Bastion, Port: 22', 'Endpoint: Bastoin, Port: 22']));
  const u = unused(a);
  assert.equal(u.length, 1);
  assert.match(u[0].message, /Bastoin is no resource of this template/);
  const sg = unused(analyze(edit(BASTION, [...ACCEPT_22], ['Endpoint: Bastion, Port: 22', 'Endpoint: BastionSg, Port: 22'])));
  assert.match(sg[0].message, /BastionSg is not an endpoint \(nothing the internet could connect to\)/);
});

test('an accepted exposure is not called unused when the template leaves the exposure open (a parameter CIDR)', () => {
  const open = edit(
    BASTION,
    [...ACCEPT_22],
    ['      MapPublicIpOnLaunch: true', '      MapPublicIpOnLaunch: false'],
    ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  AdminCidr:\n    Type: String\n"],
    ['          CidrIp: 0.0.0.0/0', '          CidrIp: !Ref AdminCidr'],
  );
  const a = analyze(open);
  assert.deepEqual(unused(a), [], JSON.stringify(unused(a).map((f) => f.message)));
});

test('a flow from internet expected blocked silences the warning (and fails itself, since the port is reachable)', () => {
  const blocked = edit(BASTION, ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  PacketWalk:\n    Flows:\n      - { Name: no-ssh, From: internet, To: Bastion, Port: 22, Expect: blocked }\n"]);
  const a = analyze(blocked);
  assert.deepEqual(warnings(a), []);
  assert.ok(a.findings.some((f) => f.code === 'FLOW_UNEXPECTEDLY_REACHABLE'));
});

test('a malformed accepted-exposure item is a warning and accepts nothing', () => {
  const bad = edit(BASTION, ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  PacketWalk:\n    Exposed:\n      - { Port: 22 }\n"]);
  const a = analyze(bad);
  assert.ok(a.findings.some((f) => f.code === 'EXPOSED_LIST_INVALID'));
  assert.equal(warnings(a).length, 1);
});

test('exposure off: nothing listed and no warning', () => {
  const a = analyze(BASTION, { exposure: false });
  assert.equal(a.exposures, undefined);
  assert.deepEqual(warnings(a), []);
});

test('IPv6: a rule from ::/0 exposes an interface with an IPv6 address through the internet gateway (no public IPv4 needed), not one behind an egress-only gateway', () => {
  const text = edit(walkFixture('ipv6-dual-stack.yaml'), ['        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: \'::/0\' }\n        - { IpProtocol: tcp, FromPort: 80', '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: \'::/0\' }\n        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: \'::/0\' }\n        - { IpProtocol: tcp, FromPort: 80']);
  const a = analyze(text);
  const v6 = (a.exposures ?? []).filter((x) => x.ipVersion === 6);
  assert.deepEqual(v6.map((x) => `${x.endpoint} ${x.protocol}/${x.ports.from}`).sort(), ['Web tcp/22', 'Web tcp/443']);
  const ssh = v6.find((x) => x.ports.from === 22)!;
  assert.match(ssh.rule.text, /from ::\/0$/);
  assert.equal(ssh.address, 'the IPv6 address Web gets from subnet Pub');
  assert.deepEqual(ssh.via, ['Igw', 'Vpc', 'WebSg', 'Web']);
  // Worker admits 22 from ::/0 too, but its subnet routes ::/0 to an egress-only gateway: no exposure.
  assert.ok(!(a.exposures ?? []).some((x) => x.endpoint === 'Worker'), summary(a).join(', '));
  // IPv4 exposures stay as they were: 443 and 80 from 0.0.0.0/0 on the public IPv4 address.
  assert.deepEqual((a.exposures ?? []).filter((x) => x.endpoint === 'Web' && !x.ipVersion).map((x) => x.ports.from).sort(), [443, 80].sort());
  assert.ok(warnings(a).some((w) => /Web on tcp 22/.test(w.message)), JSON.stringify(warnings(a).map((w) => w.message)));
});
