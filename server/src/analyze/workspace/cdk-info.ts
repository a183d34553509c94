// What a CDK stack's metadata says about its resources: the construct path of each logical ID, the
// user's source line that created it (`aws:cdk:creationStack`, recorded by default by recent
// aws-cdk-lib; `CDK_DEBUG=true` or `cdk synth --debug` also records it as the logical ID's `trace`),
// and the template file of each NestedStack (`aws:cdk:templateFile`). Manifest metadata keys start
// with `/`; the templates' `aws:cdk:path` does not. Pure.
import type { CdkMetadataEntry, SourceLocation } from './types';

export interface CdkResourceInfo {
  /** Without the leading slash: `AppStack/Db/Resource`. */
  constructPath: string;
  logicalId: string;
  creationStack?: string[];
}

export interface CdkStackInfo {
  /** Resources of the stack and of its nested stacks, each with the construct path of the stack that holds it. */
  resources: Array<CdkResourceInfo & { owner: string }>;
  /** Nested stack construct paths (no leading slash) → their template file (relative to the assembly). */
  nestedTemplates: Map<string, string>;
  /** Nested stack construct path → the logical ID of its AWS::CloudFormation::Stack in its parent, and the parent's construct path. */
  nestedResource: Map<string, { logicalId: string; parent: string }>;
}

export function readCdkStackInfo(stackPath: string, metadata: Record<string, CdkMetadataEntry[]> | undefined): CdkStackInfo {
  const info: CdkStackInfo = { resources: [], nestedTemplates: new Map(), nestedResource: new Map() };
  if (!metadata || typeof metadata !== 'object') return info;
  const byPath: Array<{ path: string; logicalId: string; creationStack?: string[] }> = [];
  for (const [key, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    const path = key.replace(/^\//, '');
    let logicalId: string | undefined;
    let creation: string[] | undefined;
    for (const e of entries) {
      if (!e || typeof e !== 'object') continue;
      if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') {
        logicalId = e.data;
        if (Array.isArray(e.trace) && !creation) creation = e.trace.filter((t) => typeof t === 'string');
      } else if (e.type === 'aws:cdk:creationStack' && Array.isArray(e.data)) {
        creation = (e.data as unknown[]).filter((t): t is string => typeof t === 'string');
      } else if (e.type === 'aws:cdk:templateFile' && typeof e.data === 'string' && path !== stackPath && /\.nested\.template\.json$/.test(e.data)) {
        info.nestedTemplates.set(path, e.data);
      }
    }
    if (logicalId !== undefined) byPath.push(creation ? { path, logicalId, creationStack: creation } : { path, logicalId });
  }
  const nested = [...info.nestedTemplates.keys()].sort((a, b) => b.length - a.length);
  const ownerOf = (p: string): string => nested.find((n) => p.startsWith(`${n}/`)) ?? stackPath;
  for (const r of byPath) {
    const owner = ownerOf(r.path);
    info.resources.push({ ...r, constructPath: r.path, owner });
    // NestedStack `X` is deployed by the resource at `X.NestedStack/X.NestedStackResource`.
    const m = /^(.*)\.NestedStack\/[^/]*\.NestedStackResource$/.exec(r.path);
    if (m && info.nestedTemplates.has(m[1])) info.nestedResource.set(m[1], { logicalId: r.logicalId, parent: owner });
  }
  return info;
}

/**
 * The first frame of a creation stack that is the user's code: CDK collapses library frames into
 * `...aws-cdk-lib...` lines, so it is the first frame with a `file:line:column` that is not in
 * node_modules or node internals.
 */
export function sourceOfTrace(trace: readonly string[] | undefined): SourceLocation | undefined {
  for (const frame of trace ?? []) {
    const m = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
    if (!m) continue;
    const file = m[1].replace(/^.*\(/, '').replace(/^at /, '').trim();
    if (file.startsWith('node:') || /[\\/]node_modules[\\/]/.test(file) || file.startsWith('...')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
