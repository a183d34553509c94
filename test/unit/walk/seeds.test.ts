// The seeds' hand-made packet walks, reproduced from templates: the headers at every hop, forward and return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';

const SEED2 = fixture('seed-002-private-dns.yaml');
const SEED3 = fixture('seed-003-nat-clients.yaml');

test('seed 002: Red 10.0.142.154:47129 → 8.8.8.8 udp/53 through the NAT gateway and the internet gateway, and back', () => {
  const a = analyze(SEED2);
  const flow = a.flows.find((f) => f.flow.name === 'red-dns');
  assert.ok(flow, 'the declared flow is traced');
  const t = flow.trace;
  assert.equal(t.verdict, 'reachable');
  assert.equal(t.blockedAt, null);
  assert.deepEqual(t.blockers, []);
  assert.equal(flow.asExpected, true);

  // Forward: the instance's header, unchanged up to the NAT gateway.
  const sg = hopAt(t, 'RedSg', 'forward');
  assert.deepEqual(sg.in, { src: '10.0.142.154', srcPort: 47129, dst: '8.8.8.8', dstPort: 53, protocol: 'udp' });
  // The route from Red's subnet names the NAT gateway.
  assert.equal(hopAt(t, 'RedToNat', 'forward').rule, '0.0.0.0/0 → Nat');
  // NAT gateway: SNAT to its private address, source port remapped into 1024-65535.
  const nat = hopAt(t, 'Nat', 'forward');
  assert.deepEqual(nat.in, { src: '10.0.142.154', srcPort: 47129, dst: '8.8.8.8', dstPort: 53, protocol: 'udp' });
  assert.deepEqual(nat.out, { src: '10.0.8.143', srcPort: { from: 1024, to: 65535 }, dst: '8.8.8.8', dstPort: 53, protocol: 'udp' });
  assert.equal(nat.code, 'REMAP_EPHEMERAL_PORT');
  // The NAT's subnet routes to the attached internet gateway, which maps the NAT's address to its EIP.
  assert.equal(hopAt(t, 'NatToInternet', 'forward').rule, '0.0.0.0/0 → Igw');
  const igw = hopAt(t, 'Igw', 'forward');
  assert.equal(igw.in.src, '10.0.8.143');
  assert.equal(igw.out.src, 'EIP NatEip', 'the EIP address is unknown before deploy: shown symbolically');
  assert.deepEqual(igw.out.srcPort, { from: 1024, to: 65535 }, 'the internet gateway does not touch ports');
  assert.ok(t.assumptions.some((x) => x.includes('EIP NatEip') && x.includes('deploy')));

  // Return: the IGW undoes its NAT, the NAT gateway undoes its SNAT, back to 10.0.142.154:47129.
  const igwBack = hopAt(t, 'Igw', 'return');
  assert.deepEqual(igwBack.in, { src: '8.8.8.8', srcPort: 53, dst: 'EIP NatEip', dstPort: { from: 1024, to: 65535 }, protocol: 'udp' });
  assert.equal(igwBack.out.dst, '10.0.8.143');
  const natBack = hopAt(t, 'Nat', 'return');
  assert.deepEqual(natBack.out, { src: '8.8.8.8', srcPort: 53, dst: '10.0.142.154', dstPort: 47129, protocol: 'udp' });
  const last = t.hops[t.hops.length - 1];
  assert.equal(last.resource, 'RedSg');
  assert.equal(last.direction, 'return');
  assert.match(last.reason, /stateful/);
  // NACL checks on every subnet crossing: Red's subnet out, NAT subnet in and out, and the reverse.
  const nacls = t.hops.filter((h) => h.element === 'defaultNetworkAcl');
  assert.equal(nacls.filter((h) => h.direction === 'forward').length, 3);
  assert.equal(nacls.filter((h) => h.direction === 'return').length, 3);
  assert.ok(hopsOf(t, 'forward').every((h) => h.decision === 'pass'));
});

test('seed 003: two clients with the same source port 32222 → public server :8080 via NAT 10.0.0.226 and EIP 3.224.9.52', () => {
  const settings = { publicIps: { NatEip: '3.224.9.52' } };
  const seen: string[] = [];
  for (const [client, ip] of [
    ['ClientA', '10.0.1.10'],
    ['ClientB', '10.0.1.20'],
  ]) {
    const t = trace(SEED3, { from: client, to: '198.51.100.7', protocol: 'tcp', port: 8080, sourcePort: 32222 }, settings);
    assert.equal(t.verdict, 'reachable', client);
    const nat = hopAt(t, 'Nat', 'forward');
    assert.deepEqual(nat.in, { src: ip, srcPort: 32222, dst: '198.51.100.7', dstPort: 8080, protocol: 'tcp' });
    assert.deepEqual(nat.out, { src: '10.0.0.226', srcPort: { from: 1024, to: 65535 }, dst: '198.51.100.7', dstPort: 8080, protocol: 'tcp' });
    const igw = hopAt(t, 'Igw', 'forward');
    assert.equal(igw.in.src, '10.0.0.226');
    assert.equal(igw.out.src, '3.224.9.52');
    assert.deepEqual(igw.out.srcPort, igw.in.srcPort, 'the IGW 1:1 NAT rewrites addresses only');
    const back = hopAt(t, 'Igw', 'return');
    assert.equal(back.in.dst, '3.224.9.52');
    assert.equal(back.out.dst, '10.0.0.226');
    const natBack = hopAt(t, 'Nat', 'return');
    assert.equal(natBack.out.dst, ip);
    assert.equal(natBack.out.dstPort, 32222);
    assert.ok(t.assumptions.some((x) => x.includes('3.224.9.52')), 'the given EIP address is reported as an assumption');
    seen.push(natBack.out.dst);
  }
  assert.deepEqual(seen, ['10.0.1.10', '10.0.1.20'], 'each client gets its own replies back');
});

test('seed 003: without a given EIP address the public source stays symbolic', () => {
  const t = trace(SEED3, { from: 'ClientA', to: '198.51.100.7', port: 8080 });
  assert.equal(hopAt(t, 'Igw', 'forward').out.src, 'EIP NatEip');
  assert.deepEqual(hopAt(t, 'Nat', 'forward').in.srcPort, { from: 32768, to: 60999 }, 'an instance picks Linux ephemeral ports by default');
});

test('seed 002 variant: without fixed private addresses the prose says "an address in" the subnet block, not a range', () => {
  const text = edit(SEED2, ['      PrivateIpAddress: 10.0.8.143\n', ''], ['      PrivateIpAddress: 10.0.142.154\n', '']);
  const t = trace(text, { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(t.verdict, 'reachable');
  const nat = hopAt(t, 'Nat', 'forward');
  assert.equal(nat.out.src, '10.0.0.0/20', 'the packet column keeps the block');
  assert.match(nat.reason ?? '', /replaces the source with its private address \(an address in 10\.0\.0\.0\/20\)/);
  assert.match(hopAt(t, 'Igw', 'forward').reason ?? '', /translates the source \(an address in 10\.0\.0\.0\/20\) to its public address/);
  assert.match(hopAt(t, 'Nat', 'return').reason ?? '', /restores the original destination \(an address in 10\.0\.128\.0\/20\) port/);
});

test('seed 002 variant: a NAT gateway in a private subnet (no IGW route) → NAT_SUBNET_NOT_PUBLIC', () => {
  const text = edit(SEED2, ['      GatewayId: !Ref Igw\n', '      NatGatewayId: !Ref Nat\n']);
  const t = trace(text, { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'NAT_SUBNET_NOT_PUBLIC');
  assert.equal(t.blockedAt?.resource, 'NatRouteTable');
  assert.match(t.blockedAt!.message, /public subnet/);
});

test('seed 002 variant: the NAT subnet has no default route at all → NAT_SUBNET_NOT_PUBLIC on its route table', () => {
  const text = edit(SEED2, ['      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n', '      DestinationCidrBlock: 192.0.2.0/24\n      GatewayId: !Ref Igw\n']);
  const t = trace(text, { from: 'Red', to: '8.8.8.8', protocol: 'udp', port: 53 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'NAT_SUBNET_NOT_PUBLIC');
  assert.equal(t.blockedAt?.resource, 'NatRouteTable');
});

test('seed 002 variant: protocol all cannot pass a NAT gateway entirely → PROTOCOL_RESTRICTION', () => {
  const t = trace(SEED2, { from: 'Red', to: '8.8.8.8', protocol: 'all' });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'PROTOCOL_RESTRICTION');
  assert.equal(t.blockedAt?.resource, 'Nat');
  const icmp = trace(SEED2, { from: 'Red', to: '8.8.8.8', protocol: 'icmp', port: 8 });
  assert.equal(icmp.verdict, 'reachable');
});
