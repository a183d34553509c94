// The located tree as plain data (maps as objects, sequences as arrays, scalars as values), in the long
// form CloudFormation itself stores: what tools that compare templates as JSON expect. A key named
// `__proto__` is defined as an ordinary own property, never as the object's prototype.
import type { LNode } from './located';

export function plainOf(node: LNode | null): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plainOf);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        Object.defineProperty(out, e.key, { value: plainOf(e.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
