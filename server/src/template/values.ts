// Resolved values: a located tree after intrinsic functions, parameters and conditions have been
// applied. Anything the template alone cannot decide is an explicit `unknown` that carries its reason
// and where it came from; later stages propagate it instead of guessing.
import type { LMap, Problem, Range, SourceFormat } from './located';

export type RValue = RStr | RNum | RBool | RNull | RList | RMap | RRef | RUnknown;

interface Base {
  /** Where the value (or the intrinsic that produced it) is written in the text. */
  range: Range;
}

export interface RStr extends Base {
  kind: 'str';
  value: string;
  /** Set for availability zones from Fn::GetAZs in an unknown region: "az[0]", "az[1]"… distinct but not real names. */
  symbolic?: boolean;
}
export interface RNum extends Base {
  kind: 'num';
  value: number;
}
export interface RBool extends Base {
  kind: 'bool';
  value: boolean;
}
export interface RNull extends Base {
  kind: 'null';
}
export interface RList extends Base {
  kind: 'list';
  items: RValue[];
}
export interface RMap extends Base {
  kind: 'map';
  entries: Map<string, RValue>;
  keyRanges: Map<string, Range>;
}
/**
 * The identity of a template resource: `Ref` to a resource (its physical ID), or a `Fn::GetAtt` that
 * names the same thing (`Sg.GroupId`, `Eip.AllocationId`). The model links elements through these.
 */
export interface RRef extends Base {
  kind: 'ref';
  resource: string;
  /** undefined for Ref; the attribute name for GetAtt. */
  attribute?: string;
}

export type UnknownCode =
  | 'parameter-without-value'
  | 'import-value'
  | 'ssm-parameter'
  | 'custom-resource-attribute'
  | 'unmodelled-attribute'
  | 'pseudo-parameter'
  | 'condition-unknown'
  | 'cycle'
  | 'invalid'
  | 'depends-on-unknown'
  /** Assigned by AWS when the stack is deployed: a physical ID inside a longer string, a public IP, an endpoint address. */
  | 'deploy-time';

export interface RUnknown extends Base {
  kind: 'unknown';
  code: UnknownCode;
  /** A sentence a person understands: "parameter DbPort has no default and no value was given". */
  reason: string;
  /**
   * Where the cause is written when it differs from `range`: `Fn::Join ['', [!Ref Prefix, '/16']]` is unknown at the Join,
   * because of the `!Ref Prefix` (the origin). UnknownRecord ranges use the origin.
   */
  origin?: Range;
}

export type ConditionState = 'true' | 'false' | 'unknown';

export interface ResolvedResource {
  id: string;
  idRange: Range;
  type: string;
  typeRange: Range;
  /** The resource's whole map in the text. */
  range: Range;
  /** 'false' resources are not in `resources`; they are listed in `absentResources`. */
  condition: 'true' | 'unknown';
  conditionName?: string;
  /** Resolved Properties (an empty map when absent). AWS::NoValue and untaken Fn::If branches are removed. */
  properties: RMap;
  metadata?: RValue;
  /** The located node, for ranges of anything the resolved view does not keep. */
  node: LMap;
}

export interface UnknownRecord {
  resource: string;
  property: string;
  reason: string;
  range: Range;
}

export interface ResolvedParameter {
  name: string;
  type: string;
  value: RValue;
  range: Range;
}

export interface ResolvedTemplate {
  format: SourceFormat;
  /** True when the text looks like a CloudFormation template (AWSTemplateFormatVersion, or AWS:: resources). */
  isTemplate: boolean;
  resources: Map<string, ResolvedResource>;
  /** Resources whose Condition is false: they do not exist, but a reference to one is worth reporting. */
  absentResources: Map<string, { type: string; range: Range; conditionName: string }>;
  parameters: Map<string, ResolvedParameter>;
  conditions: Map<string, ConditionState>;
  /** Template-level Metadata, resolved. */
  metadata?: RValue;
  /** The SAM `Globals` section, resolved (AWS::Serverless-2016-10-31 merges it into each SAM resource). */
  globals?: RValue;
  /** The Outputs that exist (Condition not false): their values and export names, resolved. */
  outputs?: Map<string, ResolvedOutput>;
  unknowns: UnknownRecord[];
  problems: Problem[];
  /** Fn::ForEach loops whose collection the template cannot decide: what they create is unknown. */
  unexpandedLoops?: UnexpandedLoop[];
}

/** An Fn::ForEach loop left unexpanded (its collection is unknown), with the keys it would produce. */
export interface UnexpandedLoop {
  /** `Fn::ForEach::Name`. */
  name: string;
  /** The section the loop sits in (Resources, Outputs, Conditions, or a resource's properties). */
  section: string;
  reason: string;
  /** The collection's range. */
  range: Range;
  keyRange: Range;
  /** Regular expression sources matching the keys the loop would produce (`^Subnet.+$`). */
  keys: string[];
}

export interface ResolvedOutput {
  name: string;
  value: RValue;
  /** The resolved `Export: Name`, when the output is exported. */
  exportName?: RValue;
  range: Range;
}

/**
 * How a template reaches the other stacks of its workspace (a cloud assembly, a folder): supplied by
 * the workspace analysis, absent when a template is analysed on its own (then imports and nested
 * stack outputs are unknowns, as CloudFormation alone cannot tell their values).
 */
export interface StackLinks {
  /** The value exported under `name` by another stack, or an unknown saying why there is none. */
  importValue(name: string, range: Range): RValue;
  /** Output `output` of the nested stack `stack` (an AWS::CloudFormation::Stack of this template). */
  nestedOutput(stack: ResolvedResource | undefined, stackId: string, output: string, range: Range): RValue;
}

export interface ResolveOptions {
  /**
   * Parameter values given as resolved values (a nested stack's `Parameters`, resolved in its parent):
   * they win over `parameters` and over the Default.
   */
  parameterValues?: ReadonlyMap<string, RValue>;
  /** Cross-stack references (Fn::ImportValue, nested stack outputs), when analysed in a workspace. */
  links?: StackLinks;
  /** Parameter overrides (CLI --param / --parameters, editor settings). Values are strings as in CloudFormation. */
  parameters?: Record<string, string>;
  /**
   * When the tree is one part of a bigger template (the live analysis resolves a template in parts),
   * every resource id of the whole template, in template order: "did you mean" suggestions are drawn
   * from these, so that a part names the same candidates as the whole template would.
   */
  allResourceIds?: readonly string[];
}
