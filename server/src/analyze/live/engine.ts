// What the live analysis asks of the engine, so that one orchestrator (live-document.ts) serves a template
// on its own and a template analysed with the stacks it reaches (analyze/workspace/live-units.ts): the
// whole answer for a parse, a unit's answer, and what the units need besides their own references.
import { analyzeParsed } from '../analyze';
import type { ParseResult } from '../../template/located';
import type { Analysis, AnalyzeOptions, Finding } from '../types';
import type { ResourceIds, State } from './state';
import type { Unit } from './units';
import type { UnitResult } from './results';
import type { LiveResult } from './types';

/** A unit's analysis as the engine gives it. */
export interface UnitAnswer {
  analysis: Analysis;
  /** The findings to keep of it (default: analysis.findings). */
  findings?: Finding[];
  /** false: the unit cannot vouch for its answer (the whole path answers); `why` says why. */
  ok: boolean;
  why?: string;
  /** Resources of the template outside the unit that its answer depends on (they join its unit). */
  needs?: string[];
  /** The chunk holding a model element, for the address facts (default: the element's own id when the unit has it). */
  anchorOf?: (id: string) => string | null;
}

export interface LiveEngine {
  /**
   * The whole answer for a parse (the whole path, and what every other path must equal). `start`: the
   * units of this text will be analysed next (the engine may keep facts of this answer for them).
   */
  whole(parse: ParseResult, start?: boolean): Analysis;
  /** A unit's answer; `tree` is the unit as a template of its own (see units.ts). */
  unit(unit: Unit, tree: ParseResult, s: State, ids: ResourceIds): UnitAnswer;
  /** Whether a whole answer can be shared out among units as it is (its findings have the units' shape). */
  readonly shares: boolean;
  /** Why the units cannot answer this state's text (undefined: they may). */
  refuse?(s: State): string | undefined;
  /** Holders (`c:<id>`, `f:<flow item index>`) → resource ids they must be grouped with, besides their references. */
  joins?(s: State, results: readonly UnitResult[]): Map<string, string>;
  /** How a unit is analysed in this state (a cached answer is reused only for the same role). */
  role?(unit: Unit, s: State): string;
  /** The answer merged from the units, in the whole answer's terms. */
  finish?(result: LiveResult, s: State): LiveResult;
}

/** A template on its own: each unit is a template of its own, analysed by analyzeParsed. */
export function singleTemplateEngine(options: AnalyzeOptions): LiveEngine {
  return {
    shares: true,
    whole: (parse) => analyzeParsed(parse, options),
    unit: (_unit, tree, _s, ids) => ({ analysis: analyzeParsed(tree, options, { resourceIds: ids.list, logicalIds: ids.logical }), ok: true }),
  };
}
