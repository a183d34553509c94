// Resource-level changes between two template texts, from `@aws-cdk/cloudformation-diff` (the diff
// `cdk diff` prints): which logical IDs were added, removed or modified. Only those three facts are
// used; the replacement impact the library derives from the AWS resource specification is not, and the
// bundles replace that 15 MB specification by an empty one (see service-spec-stand-in.ts).
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import type { ResourceChange } from '../../../shared/protocol';
import { parseTemplate } from '../template/parse';
import { plainOf } from '../template/plain';

/** The template as CloudFormation stores it (long form), or an empty template when the text does not parse. */
function templateOf(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  const root = parseTemplate(text).root;
  const plain = plainOf(root);
  return plain !== null && typeof plain === 'object' && !Array.isArray(plain) ? (plain as Record<string, unknown>) : {};
}

function typeOf(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' && typeof (v as { Type?: unknown }).Type === 'string' ? (v as { Type: string }).Type : undefined;
}

/** Added, removed and modified resources, in the newer template's order (then the removed ones). */
export function resourceChanges(beforeText: string | null, afterText: string | null): ResourceChange[] {
  const before = templateOf(beforeText);
  const after = templateOf(afterText);
  let diff;
  try {
    diff = fullDiff(before, after);
  } catch {
    // The library expects well-formed resources; a half-written one (no Type, a list for Properties) is
    // compared as a whole instead.
    return plainResourceChanges(before, after);
  }
  const out: ResourceChange[] = [];
  diff.resources.forEachDifference((id, rd) => {
    if (!rd.isDifferent) return;
    const change = rd.isAddition ? 'added' : rd.isRemoval ? 'removed' : 'modified';
    out.push({ id, type: rd.newResourceType ?? rd.oldResourceType ?? 'unknown', change });
  });
  return order(out, after);
}

/** The same three facts by deep comparison, for templates the library refuses. */
function plainResourceChanges(before: Record<string, unknown>, after: Record<string, unknown>): ResourceChange[] {
  const a = (before.Resources ?? {}) as Record<string, unknown>;
  const b = (after.Resources ?? {}) as Record<string, unknown>;
  const out: ResourceChange[] = [];
  for (const id of Object.keys(b)) {
    if (!Object.prototype.hasOwnProperty.call(a, id)) out.push({ id, type: typeOf(b[id]) ?? 'unknown', change: 'added' });
    else if (JSON.stringify(a[id]) !== JSON.stringify(b[id])) out.push({ id, type: typeOf(b[id]) ?? typeOf(a[id]) ?? 'unknown', change: 'modified' });
  }
  for (const id of Object.keys(a)) {
    if (!Object.prototype.hasOwnProperty.call(b, id)) out.push({ id, type: typeOf(a[id]) ?? 'unknown', change: 'removed' });
  }
  return out;
}

function order(changes: ResourceChange[], after: Record<string, unknown>): ResourceChange[] {
  const ids = Object.keys((after.Resources ?? {}) as Record<string, unknown>);
  const rank = new Map(ids.map((id, i) => [id, i]));
  const pos = (c: ResourceChange) => (c.change === 'removed' ? Number.MAX_SAFE_INTEGER : rank.get(c.id) ?? Number.MAX_SAFE_INTEGER);
  return [...changes].sort((x, y) => pos(x) - pos(y) || x.id.localeCompare(y.id));
}
