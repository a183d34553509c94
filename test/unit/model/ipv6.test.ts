// The IPv6 side of the model: VPC IPv6 blocks (Amazon-provided or given), subnet blocks carved with
// Fn::Cidr over Fn::GetAtt Vpc.Ipv6CidrBlocks (computed when the VPC's block is known, symbolic when Amazon
// assigns it), interface IPv6 addresses, and the default security group's ::/0 egress only with IPv6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { c, modelOf } from './model-fixtures';
import { isUnknown } from '../../../server/src/model/types';

const TEXT = readFileSync(join('test', 'fixtures', 'walk', 'ipv6-dual-stack.yaml'), 'utf8');

test('an Amazon-provided /56: each Fn::Cidr subnet is block i of it, symbolically, and its prefix stays unknown', () => {
  const m = modelOf(TEXT);
  const s = (id: string) => m.index.subnet.get(id)!;
  assert.deepEqual(s('Pub').ipv6Slot, { vpc: 'Vpc', index: 0, prefix: 64 });
  assert.deepEqual(s('Priv').ipv6Slot, { vpc: 'Vpc', index: 1, prefix: 64 });
  assert.ok(isUnknown(s('Pub').ipv6Cidr), 'the /64 is not known before deploy');
  assert.match(c(s('Priv').ipv6Cidr)!, /block 1 \(\/64\) of VPC Vpc's IPv6 block/);
  assert.equal(s('Legacy').ipv6Cidr, undefined);
  assert.equal(s('Pub').assignIpv6OnCreation, true);
  assert.ok(m.vpcs[0].cidrs.some((b) => isUnknown(b.cidr) && /IPv6 \/56/.test(b.cidr.reason)));
});

test('a given VPC IPv6 block: the Fn::Cidr subnet blocks are computed', () => {
  const m = modelOf(TEXT.replace('AmazonProvidedIpv6CidrBlock: true', 'Ipv6CidrBlock: 2600:1f18:aa:bb00::/56'));
  assert.equal(c(m.index.subnet.get('Pub')!.ipv6Cidr), '2600:1f18:aa:bb00::/64');
  assert.equal(c(m.index.subnet.get('Guarded')!.ipv6Cidr), '2600:1f18:aa:bb02::/64');
  assert.equal(m.index.subnet.get('Pub')!.ipv6Slot, undefined);
});

test('interface IPv6 addresses: Ipv6Addresses, Ipv6AddressCount, the subnet\'s AssignIpv6AddressOnCreation, Lambda Ipv6AllowedForDualStack', () => {
  const m = modelOf(TEXT.replace('Ipv6AddressCount: 1, SecurityGroupIds: [!Ref WorkerSg]', 'Ipv6Addresses: [{ Ipv6Address: 2600:1f18::10 }], SecurityGroupIds: [!Ref WorkerSg]'));
  const v6 = (id: string) => m.index.endpoint.get(id)!.placements[0].ipv6;
  const worker = v6('Worker');
  assert.ok(worker && !isUnknown(worker) && worker.kind === 'fixed' && worker.ips.length === 1);
  assert.deepEqual([v6('Web'), v6('Plain'), v6('Behind'), v6('Old'), v6('NoV6Asked'), v6('Fn'), v6('FnV4')].map((x) => (x && !isUnknown(x) ? x.kind : x)), ['auto', 'auto', 'auto', 'none', 'none', 'auto', 'none']);
});

test('the default security group has the ::/0 egress rule only in a VPC with an IPv6 block', () => {
  const egress = (text: string) => modelOf(text).index.securityGroup.get('Vpc#default-sg')!.rules.filter((r) => r.direction === 'egress').map((r) => (r.peer.kind === 'cidr' ? c(r.peer.cidr) : '?'));
  assert.deepEqual(egress(TEXT), ['0.0.0.0/0', '::/0']);
  const noV6 = TEXT.replace(/ {2}VpcV6:\n.*\n.*\n/, '');
  assert.ok(!noV6.includes('VpcV6:\n'));
  assert.deepEqual(egress(noV6), ['0.0.0.0/0']);
});

test('an IPv6 block associated by AWS::EC2::SubnetCidrBlock, or allocated from an IPAM pool, is the subnet\'s IPv6 block', () => {
  const carvedLine = '      Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n';
  assert.ok(TEXT.includes(carvedLine));
  const separate = TEXT.replace(carvedLine, '').replace('  PubRt:\n', `  PrivV6:\n    Type: AWS::EC2::SubnetCidrBlock\n    Properties:\n      SubnetId: !Ref Priv\n${carvedLine}  PubRt:\n`);
  const m = modelOf(separate);
  assert.deepEqual(m.index.subnet.get('Priv')!.ipv6Slot, { vpc: 'Vpc', index: 1, prefix: 64 });
  const pooled = modelOf(TEXT.replace(carvedLine, '      Ipv6IpamPoolId: ipam-pool-0123456789abcdef0\n      Ipv6NetmaskLength: 64\n'));
  const v6 = pooled.index.subnet.get('Priv')!.ipv6Cidr;
  assert.ok(isUnknown(v6) && /IPAM pool/.test(v6.reason), JSON.stringify(v6));
  // Without either, the subnet has no IPv6 block.
  assert.equal(modelOf(TEXT.replace(carvedLine, '')).index.subnet.get('Priv')!.ipv6Cidr, undefined);
});
