// The stacks of a workspace, resolved on demand and each once per analysis: the analysed template, the
// stacks whose exports it imports (Fn::ImportValue against every stack's `Outputs.*.Export.Name`), and
// its nested stacks (AWS::CloudFormation::Stack with a local template: a relative TemplateURL, a cdk.out
// `*.nested.template.json` asset), whose Parameters are passed in and whose Outputs answer
// `Fn::GetAtt Stack.Outputs.X`. Every file gets its own offset base (./offsets) so ranges stay apart.
import type { ParseResult, Problem, Range } from '../../template/located';
import { parseTemplate } from '../../template/parse';
import { resolveTemplate } from '../../template/resolve';
import type { ResolvedResource, ResolvedTemplate, RValue, StackLinks } from '../../template/values';
import { FILE_SPAN, shiftParse } from './offsets';
import { dirname, isRemoteUrl, join } from './paths';
import { placeAt, qualifyId, renameRefs } from './qualify';
import { readCdkStackInfo, type CdkStackInfo } from './cdk-info';
import type { WorkspaceInput, WorkspaceStack } from './types';
import type { StackCache } from './stack-cache';

/** How the analysed template is given when it is already parsed (the live analysis analyses it in parts). */
export interface AnalysedParts {
  /** The analysed template's parse (offsets from 0), instead of parsing its text. */
  parse?: ParseResult;
  /** Every resource id of the whole template, when the parse holds a part of it (for "did you mean" hints). */
  allResourceIds?: readonly string[];
  /** Other templates' parses and resolutions kept across analyses (see ./stack-cache). */
  cache?: StackCache;
}

export interface StackRecord {
  /** Global name: `network`, or `app/Services` for a nested stack. */
  name: string;
  file: string;
  base: number;
  parse: ParseResult;
  resolved: ResolvedTemplate;
  /** The top-level stack it belongs to (itself, or the root of its nesting). */
  top: WorkspaceStack;
  /** CDK: the construct path of this stack. */
  constructPath?: string;
  /** Stacks whose values this one uses (imports, nested stacks). */
  uses: Set<string>;
}

type Nested = StackRecord | { reason: string };

export class StackSet {
  private readonly records = new Map<string, StackRecord | null>();
  private readonly failedNested = new Map<string, string>();
  private readonly bases = new Map<string, number>();
  private readonly cdk = new Map<string, CdkStackInfo>();
  /** Problems found while linking stacks (ranges in the shared offset space). */
  readonly problems: Problem[] = [];
  /** Whether any template asked for another stack's value (an import, a nested stack), found or not. */
  linked = false;

  constructor(
    private readonly ws: WorkspaceInput,
    private readonly analysed: WorkspaceStack,
    private readonly analysedText: string,
    private readonly parameters: Record<string, string> | undefined,
    private readonly parts: AnalysedParts = {},
  ) {
    this.bases.set(analysed.file, 0);
  }

  /** Every stack resolved so far (the analysed one, and what it pulled in). */
  all(): StackRecord[] {
    return [...this.records.values()].filter((r): r is StackRecord => r !== null);
  }

  get(name: string): StackRecord | undefined {
    return this.records.get(name) ?? undefined;
  }

  /** The offset base of every file met so far (see ./offsets). */
  fileBases(): ReadonlyMap<string, number> {
    return this.bases;
  }

  fileOfBase(base: number): string | undefined {
    for (const [file, b] of this.bases) if (b === base) return file;
    return undefined;
  }

  cdkInfo(top: WorkspaceStack): CdkStackInfo {
    let info = this.cdk.get(top.name);
    if (!info) {
      info = readCdkStackInfo(top.displayName ?? top.name, top.cdkMetadata);
      this.cdk.set(top.name, info);
    }
    return info;
  }

  /** A top-level stack of the workspace, resolved (undefined when its text is not available or it is being resolved). */
  top(name: string): StackRecord | undefined {
    if (this.records.has(name)) return this.records.get(name) ?? undefined;
    const desc = name === this.analysed.name ? this.analysed : this.ws.stacks.find((s) => s.name === name);
    if (!desc) return undefined;
    const text = desc.file === this.analysed.file ? this.analysedText : textOf(this.ws, desc.file);
    if (text === undefined) return undefined;
    const params: Record<string, string> = {};
    if (desc.stackName !== undefined) params['AWS::StackName'] = desc.stackName;
    if (name === this.analysed.name) Object.assign(params, this.parameters);
    return this.resolve(name, desc.file, text, desc, params, undefined, desc.cdkMetadata ? desc.displayName ?? desc.name : undefined);
  }

  private baseOf(file: string): number {
    let b = this.bases.get(file);
    if (b === undefined) {
      b = this.bases.size * FILE_SPAN;
      this.bases.set(file, b);
    }
    return b;
  }

  private resolve(
    name: string,
    file: string,
    text: string,
    top: WorkspaceStack,
    parameters: Record<string, string>,
    parameterValues: Map<string, RValue> | undefined,
    constructPath: string | undefined,
  ): StackRecord {
    this.records.set(name, null);
    const base = this.baseOf(file);
    const analysed = base === 0;
    const cache = analysed ? undefined : this.parts.cache;
    // A template that asks for no other stack's value resolves the same every time: kept whole.
    const leafKey = cache && !parameterValues ? `${name}\u0000${file}\u0000${base}\u0000${constructPath ?? ''}\u0000${JSON.stringify(parameters)}` : undefined;
    const kept = leafKey !== undefined ? cache!.leaf(leafKey, text, top) : undefined;
    if (kept) {
      const rec: StackRecord = { ...kept, uses: new Set() };
      this.records.set(name, rec);
      return rec;
    }
    const parse = analysed && this.parts.parse ? this.parts.parse : cache ? cache.parse(file, text, base) : shiftParse(parseTemplate(text), base);
    const uses = new Set<string>();
    const self = { name, file, top };
    let calls = 0;
    const links: StackLinks = {
      importValue: (exportName, range) => (calls++, this.importValue(uses, exportName, range)),
      nestedOutput: (res, id, output, range) => (calls++, this.nestedOutput(self, uses, res, id, output, range)),
    };
    const allResourceIds = analysed ? this.parts.allResourceIds : undefined;
    const resolved = resolveTemplate(parse, { parameters, parameterValues, links, ...(allResourceIds ? { allResourceIds } : {}) });
    const rec: StackRecord = { name, file, base, parse, resolved, top, uses };
    if (constructPath !== undefined) rec.constructPath = constructPath;
    this.records.set(name, rec);
    if (leafKey !== undefined && calls === 0 && ![...resolved.resources.values()].some((r) => r.type === 'AWS::CloudFormation::Stack')) {
      cache!.keepLeaf(leafKey, text, rec);
    }
    // Every nested stack joins the workspace, whether or not an output of it is used.
    for (const r of resolved.resources.values()) {
      if (r.type !== 'AWS::CloudFormation::Stack') continue;
      const child = this.nested(self, r);
      if ('name' in child) uses.add(child.name);
    }
    return rec;
  }

  private importValue(uses: Set<string>, exportName: string, range: Range): RValue {
    this.linked = true;
    for (const s of this.ws.stacks) this.top(s.name);
    const found: Array<{ stack: string; value: RValue }> = [];
    const undecided: string[] = [];
    for (const rec of this.all()) {
      for (const o of rec.resolved.outputs?.values() ?? []) {
        const n = o.exportName;
        if (n?.kind === 'str' && n.value === exportName) found.push({ stack: rec.name, value: o.value });
        else if (n?.kind === 'unknown') undecided.push(`${rec.name}'s output ${o.name} (${n.reason})`);
      }
    }
    const busy = [...this.records.values()].some((r) => r === null);
    if (found.length === 1) {
      const { stack, value } = found[0];
      uses.add(stack);
      return placeAt(renameRefs(value, (id) => qualifyId(id, stack)), range, `exported by ${stack} as ${exportName}`);
    }
    if (found.length > 1) {
      return unknownAt(`export ${exportName} is defined by several stacks (${found.map((f) => f.stack).join(', ')}); CloudFormation allows one`, range);
    }
    let reason = `no stack of the workspace exports ${exportName}`;
    if (undecided.length) reason += `; the export name of ${undecided.slice(0, 3).join(', ')} is not known`;
    if (busy) reason += ' (or a stack that imports from this one exports it: the imports go in a circle)';
    return unknownAt(reason, range);
  }

  private nestedOutput(parent: Parent, uses: Set<string>, res: ResolvedResource | undefined, id: string, output: string, range: Range): RValue {
    if (!res) return { kind: 'unknown', code: 'cycle', reason: `nested stack ${id} depends on the value that uses its output ${output}`, range };
    const child = this.nested(parent, res);
    if (!('name' in child)) return { kind: 'unknown', code: 'unmodelled-attribute', reason: `${id}.Outputs.${output}: ${child.reason}`, range };
    uses.add(child.name);
    const o = child.resolved.outputs?.get(output);
    if (!o) return { kind: 'unknown', code: 'invalid', reason: `nested stack ${id} has no output ${output}`, range };
    return placeAt(renameRefs(o.value, (x) => qualifyId(x, child.name)), range, `output ${output} of nested stack ${id}`);
  }

  /** The nested stack an AWS::CloudFormation::Stack resource deploys, read and resolved with its Parameters. */
  private nested(parent: Parent, res: ResolvedResource): Nested {
    this.linked = true;
    const name = `${parent.name}/${res.id}`;
    const failed = this.failedNested.get(name);
    if (failed !== undefined) return { reason: failed };
    if (this.records.has(name)) return this.records.get(name) ?? { reason: `nested stack ${res.id} contains itself` };
    const where = this.nestedFile(parent, res);
    if ('reason' in where) {
      this.failedNested.set(name, where.reason);
      return where;
    }
    const entry = this.ws.files.get(where.file);
    if (!entry || !('text' in entry)) {
      const reason = entry && 'refused' in entry ? entry.refused.reason : `its template ${where.file} was not read`;
      if (entry && 'refused' in entry && entry.refused.code === 'STACK_OUTSIDE_WORKSPACE') {
        this.problems.push({ code: 'STACK_OUTSIDE_WORKSPACE', severity: 'warning', message: `Nested stack ${res.id}: ${reason}; its outputs are unknown.`, range: where.range });
      }
      this.failedNested.set(name, reason);
      return { reason };
    }
    const values = new Map<string, RValue>();
    const params = res.properties.entries.get('Parameters');
    if (params?.kind === 'map') for (const [k, v] of params.entries) values.set(k, renameRefs(v, (x) => qualifyId(x, parent.name)));
    return this.resolve(name, where.file, entry.text, parent.top, {}, values, where.constructPath);
  }

  private nestedFile(parent: Parent, res: ResolvedResource): { file: string; range: Range; constructPath?: string } | { reason: string } {
    const urlValue = res.properties.entries.get('TemplateURL');
    const range = res.properties.keyRanges.get('TemplateURL') ?? res.idRange;
    // cdk.out: the resource names its asset (asset metadata on), or the stack's metadata does.
    const asset = metadataString(res.metadata, 'aws:asset:path');
    if (asset !== undefined && !isRemoteUrl(asset)) return { file: join(dirname(parent.file), asset), range };
    const info = this.cdkInfo(parent.top);
    for (const [path, r] of info.nestedResource) {
      if (r.logicalId !== res.id) continue;
      const tf = info.nestedTemplates.get(path);
      if (tf !== undefined) return { file: join(dirname(parent.top.file), tf), range, constructPath: path };
    }
    if (!urlValue) return { reason: `nested stack ${res.id} has no TemplateURL` };
    if (urlValue.kind !== 'str') {
      return { reason: `the TemplateURL of nested stack ${res.id} is not known${urlValue.kind === 'unknown' ? `: ${urlValue.reason}` : ''}` };
    }
    if (isRemoteUrl(urlValue.value)) return { reason: `its template is at ${urlValue.value}, which packetwalk never fetches (only local templates are read)` };
    return { file: join(dirname(parent.file), urlValue.value), range };
  }
}

interface Parent {
  name: string;
  file: string;
  top: WorkspaceStack;
}

function textOf(ws: WorkspaceInput, file: string): string | undefined {
  const e = ws.files.get(file);
  return e && 'text' in e ? e.text : undefined;
}

function unknownAt(reason: string, range: Range): RValue {
  return { kind: 'unknown', code: 'import-value', reason, range };
}

function metadataString(meta: RValue | undefined, key: string): string | undefined {
  if (meta?.kind !== 'map') return undefined;
  const v = meta.entries.get(key);
  return v?.kind === 'str' ? v.value : undefined;
}
