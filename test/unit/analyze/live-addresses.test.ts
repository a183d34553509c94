// Which chunks a flow's address needs (live/addresses.ts): the walk resolves an address against the
// interfaces with exactly it, else the subnets holding or overlapping it, else the VPC blocks overlapping it;
// the index must name every element of the first kind that matches, and nothing when none does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, type Cidr } from '../../../server/src/net/ip';
import { AddressIndex, factsOf, joinsNeeded, type AddressFact } from '../../../server/src/analyze/live/addresses';

const cidr = (t: string): Cidr => {
  const p = parseCidr(t);
  if (!p.ok) throw new Error(t);
  return p.cidr;
};
const fact = (t: string, anchor: string | null): AddressFact => ({ cidr: cidr(t), anchor });

const unitA = factsOf([fact('10.0.2.10/32', 'App')], [fact('10.0.2.0/24', 'PrivA'), fact('10.0.3.0/24', 'PrivB')], [fact('10.0.0.0/16', 'Vpc')]);
const unitB = factsOf([], [fact('10.1.2.0/24', 'Other')], [fact('10.1.0.0/16', 'Vpc1'), fact('2600:1f18::/56', 'Vpc1')]);
const index = new AddressIndex([unitA, unitB], 'a|b');

test('an interface with exactly the address decides it: the subnet around it is not needed', () => {
  assert.deepEqual(index.anchorsOf(cidr('10.0.2.10')), ['App']);
});

test('an address in a subnet needs that subnet; a block over several subnets needs each of them', () => {
  assert.deepEqual(index.anchorsOf(cidr('10.0.2.11')), ['PrivA']);
  assert.deepEqual(index.anchorsOf(cidr('10.0.0.0/22')), ['PrivA', 'PrivB']);
  assert.deepEqual(index.anchorsOf(cidr('10.1.2.0/28')), ['Other']);
});

test('an address in a VPC but in no subnet needs the VPC; one outside every VPC needs nothing', () => {
  assert.deepEqual(index.anchorsOf(cidr('10.0.200.1')), ['Vpc']);
  assert.deepEqual(index.anchorsOf(cidr('2600:1f18::5')), ['Vpc1']);
  assert.deepEqual(index.anchorsOf(cidr('8.8.8.8')), []);
  assert.deepEqual(index.anchorsOf(cidr('192.168.1.1')), []);
  assert.deepEqual(index.anchorsOf(cidr('0.0.0.0/0')), ['Other', 'PrivA', 'PrivB']);
});

test('two VPCs with the same block: an address in both needs the subnets of both (the first in the template decides)', () => {
  const twin = factsOf([], [fact('10.0.2.0/24', 'TwinSub')], [fact('10.0.0.0/16', 'Twin')]);
  const both = new AddressIndex([unitA, unitB, twin], 'a|b|twin');
  assert.deepEqual(both.anchorsOf(cidr('10.0.2.11')), ['PrivA', 'TwinSub']);
  assert.deepEqual(both.anchorsOf(cidr('10.0.9.9')), ['Twin', 'Vpc']);
});

test('an address that meets an element no chunk holds cannot be placed', () => {
  const made = new AddressIndex([unitA, factsOf([], [fact('10.5.0.0/24', null)], [])], 'a|made');
  assert.equal(made.anchorsOf(cidr('10.5.0.9')), null);
  assert.equal(joinsNeeded([{ holder: 'f:0', addresses: [cidr('10.5.0.9')] }], made), null);
  assert.deepEqual([...joinsNeeded([{ holder: 'f:1', addresses: [cidr('10.0.2.10'), cidr('10.0.3.1'), cidr('8.8.8.8')] }], made)!], [['f:1', 'App\nPrivB']]);
});
