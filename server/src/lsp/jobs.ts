// The messages between the connection thread and an analysis worker. Every job that concerns a document
// names it (`uri`) and goes to the worker that holds that document's live state (worker-pool.ts); jobs
// carry the whole text they are about, so a worker that lost its state (it was replaced) can always
// rebuild it: nothing assumes that the worker saw the previous text.
import type { AnalyzeOptions, Finding, WalkSettings } from '../analyze/types';
import type { CompareResult, EndpointInfo, TraceFlowParams, TraceResult, Verdict } from '../../../shared/protocol';
import type { Problem, Range } from '../template/located';
import type { FlowSpec } from '../walk/types';
import type { TraceOutcome } from '../usecases/trace';
import type { FlowDeclaration, FlowEditOutcome } from '../usecases/flow-edit';

export type { TraceOutcome };
import type { DeclareAction } from '../usecases/implied-at';
import type { QuickFix } from '../usecases/quick-fixes';
import type { AuthoringAnswer, AuthoringRequest } from '../features/flow-authoring/requests';

/** Set in a worker thread's `workerData` by the connection thread: the thread is an analysis worker. */
export const WORKER_FLAG = 'packetwalkAnalysisWorker';

/** What the connection thread adds to a document's options so the worker may read the other stacks it reaches (the workspace folders). */
export interface StackOptions {
  /** `stackNames`: the `AWS::StackName` of hand-written templates, by absolute path (the packetwalk.stackNames setting). */
  stacks?: { roots: string[]; stackNames?: Record<string, string> };
}

/** Which text of which document a job is about. */
export interface DocumentText {
  uri: string;
  version: number;
  text: string;
  /** The document's analysis options (a change of options starts the document's analysis afresh). */
  options: AnalyzeOptions;
  /**
   * The text of the other open templates (absolute path → text), sent only with a document whose text
   * reaches other stacks: their unsaved edits win over the disk. Not an option: it changes on every edit
   * of another document without restarting this document's analysis.
   */
  others?: Record<string, string>;
}

export type WorkerJob =
  /**
   * The document's newest text: update its live analysis and answer the small snapshot. `lastGoodShown`:
   * the connection thread already shows results of a text that parsed, so if this text does not parse,
   * only its parse problems are needed (the stale rule), not its findings and flows, which would cost a
   * whole analysis of the broken text.
   */
  | ({ id: number; kind: 'analyze'; lastGoodShown?: boolean } & DocumentText)
  /** Hover at `offset` of that text (an offset of the text as analysed, i.e. after a BOM). */
  | ({ id: number; kind: 'hover'; offset: number; stale: boolean } & DocumentText)
  | ({ id: number; kind: 'endpoints' } & DocumentText)
  /** The implied flows made by the element at `offset` (a rule, listener or route), as flow declarations. */
  | ({ id: number; kind: 'implied-at'; offset: number } & DocumentText)
  /** The quick fixes of the findings that touch `range` (offsets of that text, as analysed). */
  | ({ id: number; kind: 'quick-fixes'; range: Range } & DocumentText)
  | ({ id: number; kind: 'trace'; spec: TraceSpec; settings: WalkSettings } & DocumentText)
  /** The edits that declare `flow` in that text. */
  | ({ id: number; kind: 'flowEdit'; flow: FlowDeclaration } & DocumentText)
  /** That text compared with an earlier one (null: the file is new), `baseLabel` naming it ("HEAD"). */
  | ({ id: number; kind: 'compare'; baseText: string | null; baseLabel: string } & DocumentText)
  /** Help while writing flows (completion, definition, references, symbols, "did you mean" fixes) on that text. */
  | ({ id: number; kind: 'authoring'; request: AuthoringRequest } & DocumentText)
  /** The document was closed (or is no longer analysed): drop its state. */
  | { id: number; kind: 'forget'; uri: string }
  /**
   * CDK: analyse the cloud assemblies of these workspace folders and answer the diagnostics for the source
   * lines that created blocking constructs. `uri` is a fixed routing key (CDK_SOURCES_KEY), not a document.
   */
  | { id: number; kind: 'cdkSources'; uri: string; folders: string[] };

export const CDK_SOURCES_KEY = 'packetwalk:cdk-sources';

/** A diagnostic for a source file (LSP positions, computed in the worker that read the files). */
export interface SourceDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: Finding['severity'];
  code: string;
  message: string;
  related: Array<{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }>;
  /** Markdown shown on hover over the line: the trace of each flow the finding is about. */
  hover?: string;
}

/** The flow a trace job walks (read by usecases/inputs.ts on the connection thread). */
export type TraceSpec = FlowSpec;

export type WorkerReply =
  | {
      id: number;
      ok: true;
      snapshot?: AnalysisSnapshot;
      trace?: TraceOutcome;
      /** hover: Markdown, or null when there is nothing to say at that offset. */
      hover?: string | null;
      endpoints?: EndpointInfo[];
      flowEdit?: FlowEditOutcome;
      /** implied-at: "Declare this flow" actions for the implied flows made by the element at the offset. */
      implied?: DeclareAction[];
      /** quick-fixes: the edits that fix the findings there, each with the finding it fixes. */
      quickFixes?: QuickFix[];
      compare?: CompareResult;
      /** authoring: the answer to the flow-authoring request. */
      authoring?: AuthoringAnswer;
      /** cdkSources: diagnostics per source file URI. */
      cdkSources?: Array<{ uri: string; diagnostics: SourceDiagnostic[] }>;
      /** hover, endpoints, trace: answered from the analysis the worker holds for the document (not analysed again). */
      held?: boolean;
      /** How many documents the worker holds after the job (tests and logs). */
      documents?: number;
    }
  | { id: number; ok: false; error: string };

/** A declared flow as the connection thread needs it: its verdict, its lens and where it is declared. */
export interface FlowLens {
  name: string;
  verdict: Verdict;
  asExpected: boolean;
  partlyReachable: boolean;
  partlyUndecided: boolean;
  /** The code lens title (features/lens.ts). */
  title: string;
  /** The arguments of the lens command, without the document uri (added by the connection thread). */
  trace: Omit<TraceFlowParams, 'uri'>;
  /** The flow declaration in the document (document offsets). */
  range: Range;
}

export interface AnalysisSnapshot {
  isTemplate: boolean;
  /** The text has a syntax error: results are not trustworthy, the last good ones are shown instead. */
  syntaxError: boolean;
  /** Every finding, sorted by place (LiveResult's order). */
  findings: Finding[];
  /** The parser's own problems (shown alone, over the last good results, while the text does not parse). */
  parseProblems: Problem[];
  /** One per traced declared flow, in document order. */
  flows: FlowLens[];
  /**
   * True when findings and flows were left out (empty): the text does not parse and the connection thread
   * shows the last good results instead, so only the parse problems were asked for.
   */
  parseOnly?: boolean;
}
