// Suppressions written in the template: `Metadata: PacketWalk: Ignore: [CODE, …]` on a resource accepts
// the findings of those codes about that resource (its blocking element, or a template problem inside its
// definition), the way cfn-lint's `Metadata: cfn-lint: config: ignore_checks` does. A code that silences
// nothing is itself reported, so stale suppressions do not pile up. Pure: resolved template in, findings out.
import type { Range } from '../template/located';
import type { ResolvedTemplate, RValue } from '../template/values';
import type { Finding } from './types';

export const SUPPRESSION_UNUSED = 'SUPPRESSION_UNUSED';
export const SUPPRESSION_INVALID = 'SUPPRESSION_INVALID';

export interface Suppression {
  /** The resource whose Metadata holds it. */
  resource: string;
  code: string;
  /** The list item naming the code. */
  range: Range;
  /** The resource's whole definition: template problems inside it are about it. */
  scope: Range;
}

function entry(v: RValue | undefined, key: string): RValue | undefined {
  return v && v.kind === 'map' ? v.entries.get(key) : undefined;
}

/** Reads every resource's `Metadata.PacketWalk.Ignore`; malformed lists are findings, never exceptions. */
export function readSuppressions(resolved: ResolvedTemplate): { suppressions: Suppression[]; problems: Finding[] } {
  const suppressions: Suppression[] = [];
  const problems: Finding[] = [];
  for (const r of resolved.resources.values()) {
    const list = entry(entry(r.metadata, 'PacketWalk'), 'Ignore');
    if (!list) continue;
    const items = list.kind === 'list' ? list.items : [list];
    for (const item of items) {
      if (item.kind === 'str' && /^[A-Z][A-Z0-9_]*$/.test(item.value)) {
        suppressions.push({ resource: r.id, code: item.value, range: item.range, scope: r.range });
      } else {
        problems.push({
          code: SUPPRESSION_INVALID,
          severity: 'warning',
          message: `PacketWalk.Ignore on ${r.id} takes explanation codes such as NACL_RETURN_EPHEMERAL_BLOCKED (a list of upper-case names); this entry is not one and silences nothing`,
          range: item.range,
          related: [],
        });
      }
    }
  }
  return { suppressions, problems };
}

function inside(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function covers(s: Suppression, f: Finding): boolean {
  if (f.code !== s.code) return false;
  return f.resource === s.resource || (f.resource === undefined && inside(f.range, s.scope));
}

/**
 * The findings left once suppressions apply, plus one SUPPRESSION_UNUSED warning per suppression that
 * silenced nothing. Findings about suppressions themselves are never suppressed.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Finding[] {
  if (suppressions.length === 0) return [...findings];
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const by = f.code === SUPPRESSION_UNUSED || f.code === SUPPRESSION_INVALID ? undefined : suppressions.find((s) => covers(s, f));
    if (by) used.add(by);
    else kept.push(f);
  }
  for (const s of suppressions) {
    if (used.has(s)) continue;
    kept.push({
      code: SUPPRESSION_UNUSED,
      severity: 'warning',
      message: `PacketWalk.Ignore on ${s.resource} names ${s.code}, but no finding of that code concerns ${s.resource}: remove the entry (or it will hide a future finding nobody reviewed)`,
      range: s.range,
      resource: s.resource,
      related: [],
    });
  }
  return kept;
}
