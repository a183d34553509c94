// Which other parts of the template a part may depend on, read from its text alone: every string in it
// that could name a resource (a Ref or DependsOn target, the resource of a GetAtt "A.B", a ${Name} or
// ${Name.Attr} inside a Sub string, a flow's From/To). This over-approximates the real references on
// purpose: parts that share a name are analysed together, and analysing too much together costs time,
// never correctness.
import type { LNode } from '../../template/located';

export function namesIn(node: LNode, out: Set<string> = new Set()): Set<string> {
  const stack: LNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'map') for (const e of n.entries) stack.push(e.value);
    else if (n.kind === 'seq') for (const i of n.items) stack.push(i);
    else if (typeof n.value === 'string') addNames(n.value, out);
  }
  return out;
}

function addNames(s: string, out: Set<string>): void {
  const t = s.trim();
  out.add(t);
  const dot = t.indexOf('.');
  if (dot > 0) out.add(t.slice(0, dot));
  let at = s.indexOf('${');
  while (at >= 0) {
    const close = s.indexOf('}', at + 2);
    if (close < 0) break;
    const inner = s.slice(at + 2, close).trim();
    const d = inner.indexOf('.');
    out.add(d > 0 ? inner.slice(0, d) : inner);
    at = s.indexOf('${', close + 1);
  }
}
