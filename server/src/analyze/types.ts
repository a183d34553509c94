// The engine's front door: text in, everything the editor and the CLI show out. Offsets only, no
// positions, no I/O. `server/src/lsp` and `server/src/cli` call this and convert.
import type { ParseResult, Problem, Range, Severity } from '../template/located';
import type { ResolvedTemplate } from '../template/values';
import type { DeclaredFlow, NetworkModel } from '../model/types';
import type { TraceResult } from '../../../shared/protocol';
import type { WalkSettings } from '../walk/types';

export interface RelatedLocation {
  range: Range;
  message: string;
  /**
   * When the place is in another file than the analysed one (a workspace of stacks): that file's URI and
   * the position there, filled in by the front end that read it (ranges stay offsets of that file).
   */
  at?: { uri: string; start: { line: number; character: number }; end: { line: number; character: number } };
}

/** One thing to tell the user: a diagnostic in the editor, a finding in `packetwalk check`. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The template resource the finding is about (the blocking element), when there is one. */
  resource?: string;
  /** The names of the declared flows it concerns. */
  flows?: string[];
  related: RelatedLocation[];
}

export interface FlowResult {
  flow: DeclaredFlow;
  trace: TraceResult;
  /** True for a flow the template implies (a rule, listener or route states it) rather than declares. */
  implied?: boolean;
  /** True when the verdict is the expected one (for `Expect: blocked`: and no part of the flow gets through). */
  asExpected: boolean;
  /**
   * For a flow expected blocked whose verdict is `blocked` but of which a part passes every
   * check (a placement pair, a port interval, some source ports), that part; asExpected is then false.
   */
  partlyReachable?: string;
  /**
   * For a flow expected blocked whose verdict is `blocked`, a part whose outcome the template
   * leaves open (and the reason): whether nothing gets through cannot be decided; asExpected is then false.
   */
  partlyUndecided?: string;
}

/** Walk assumptions the user can set (editor settings, CLI flags later). Defined with the walk, re-exported here. */
export type { WalkSettings };

export interface AnalyzeOptions {
  parameters?: Record<string, string>;
  walk?: WalkSettings;
  /** A declared flow whose verdict is unknown is a warning, or an error when strict. */
  strict?: boolean;
}

export interface Analysis {
  parse: ParseResult;
  /** False when the text is not a CloudFormation template: then nothing else is reported. */
  isTemplate: boolean;
  resolved: ResolvedTemplate | null;
  model: NetworkModel | null;
  flows: FlowResult[];
  /** Template problems (parse, resolve, model, flow declarations) and flow findings, ready to show. */
  findings: Finding[];
  /** Problems from every stage, as they were reported (findings include them). */
  problems: Problem[];
}
