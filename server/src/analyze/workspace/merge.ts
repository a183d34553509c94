// The resolved template the model is built from when stacks are analysed together: the analysed
// template's own sections, and the resources of every stack it reaches, renamed to the names they have
// seen from it (`network/PrivateSubnet`, `Services/Worker`). Resources of other stacks declare no flows
// here (their flows are checked when their own template is analysed).
import type { ResolvedResource, ResolvedTemplate, RMap, RValue } from '../../template/values';
import type { LMap } from '../../template/located';
import { localizeId, qualifyId, renameRefs } from './qualify';
import type { StackRecord } from './stack-set';

const FLOW_DECLARATIONS = new Set(['AWS::EC2::NetworkInsightsPath', 'AWS::EC2::NetworkInsightsAnalysis']);

export interface Merged {
  resolved: ResolvedTemplate;
  /** Model id → the stack that defines it. */
  stackOfId: Map<string, string>;
  /** Model id → its logical ID in its own template. */
  logicalIdOf: Map<string, string>;
}

export function mergeStacks(analysed: StackRecord, others: readonly StackRecord[]): Merged {
  const own = analysed.resolved;
  const rename = (stack: string) => (id: string) => localizeId(qualifyId(id, stack), analysed.name);
  const resources = new Map<string, ResolvedResource>();
  const stackOfId = new Map<string, string>();
  const logicalIdOf = new Map<string, string>();
  const absentResources = new Map(own.absentResources);
  for (const [id, r] of own.resources) {
    resources.set(id, { ...r, properties: renameRefs(r.properties, rename(analysed.name)) as RMap });
    stackOfId.set(id, analysed.name);
    logicalIdOf.set(id, id);
  }
  for (const rec of others) {
    const rn = rename(rec.name);
    for (const [id, r] of rec.resolved.resources) {
      if (FLOW_DECLARATIONS.has(r.type)) continue;
      const mid = rn(id);
      resources.set(mid, renamedCopy(r, mid, rn, `${rec.name}\u0000${analysed.name}`));
      stackOfId.set(mid, rec.name);
      logicalIdOf.set(mid, id);
    }
    for (const [id, a] of rec.resolved.absentResources) absentResources.set(rn(id), a);
  }
  const resolved: ResolvedTemplate = { ...own, resources, absentResources, problems: [...own.problems] };
  return { resolved, stackOfId, logicalIdOf };
}

/**
 * Another stack's resource as seen from the analysed one. The copy depends only on the resource and the two
 * stack names, so it is kept with the resource (a template kept resolved across analyses, see
 * ./stack-cache, is not copied again; nothing downstream changes a resolved resource).
 */
const copies = new WeakMap<ResolvedResource, { key: string; copy: ResolvedResource }>();

function renamedCopy(r: ResolvedResource, mid: string, rn: (id: string) => string, key: string): ResolvedResource {
  const kept = copies.get(r);
  if (kept && kept.key === key) return kept.copy;
  const copy: ResolvedResource = { ...r, id: mid, properties: renameRefs(r.properties, rn) as RMap, node: withoutProperties(r.node) };
  const metadata = withoutFlows(r.metadata);
  if (metadata) copy.metadata = metadata;
  else delete copy.metadata;
  copies.set(r, { key, copy });
  return copy;
}

/** Another stack's resource keeps its metadata (suppressions, construct path) but declares no flows here. */
function withoutFlows(meta: RValue | undefined): RValue | undefined {
  if (meta?.kind !== 'map') return meta;
  const pw = meta.entries.get('PacketWalk');
  if (pw?.kind !== 'map' || !pw.entries.has('Flows')) return meta;
  const entries = new Map(pw.entries);
  entries.delete('Flows');
  const outer = new Map(meta.entries);
  outer.set('PacketWalk', { ...pw, entries });
  return { ...meta, entries: outer };
}

/** The located text of another stack's resource names its references in that stack's terms: keep it out of the model. */
function withoutProperties(node: LMap): LMap {
  return { ...node, entries: node.entries.filter((e) => e.key !== 'Properties') };
}
