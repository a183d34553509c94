// The messages between the connection thread and an analysis worker. Every job that concerns a document
// names it (`uri`) and goes to the worker that holds that document's live state (worker-pool.ts); jobs
// carry the whole text they are about, so a worker that lost its state (it was replaced) can always
// rebuild it: nothing assumes that the worker saw the previous text.
import type { AnalyzeOptions, WalkSettings } from '../analyze/types';
import type { EndpointInfo, TraceResult } from '../../../shared/protocol';
import type { AnalysisSnapshot } from './snapshot';
import type { FlowDeclaration } from '../analyze/flow-edit';

/** Which text of which document a job is about. */
export interface DocumentText {
  uri: string;
  version: number;
  text: string;
  /** The document's analysis options (a change of options starts the document's analysis afresh). */
  options: AnalyzeOptions;
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
  | ({ id: number; kind: 'trace'; spec: TraceSpec; settings: WalkSettings } & DocumentText)
  /** The document was closed (or is no longer analysed): drop its state. */
  | { id: number; kind: 'forget'; uri: string };

export interface TraceSpec {
  from: string;
  to: string;
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  port?: number | { from: number; to: number };
  sourcePort?: number;
  sourceIp?: string;
}

/** A trace either answers, or names an endpoint the template does not define (with the closest names). */
export type TraceOutcome =
  | { ok: true; trace: TraceResult }
  | { ok: false; message: string; closest: string[] };

export type WorkerReply =
  | {
      id: number;
      ok: true;
      snapshot?: AnalysisSnapshot;
      trace?: TraceOutcome;
      /** hover: Markdown, or null when there is nothing to say at that offset. */
      hover?: string | null;
      endpoints?: EndpointInfo[];
      /** implied-at: each implied flow there, by name, with the declarations that would state it. */
      implied?: Array<{ name: string; declarations: FlowDeclaration[] }>;
      /** hover, endpoints, trace: answered from the analysis the worker holds for the document (not analysed again). */
      held?: boolean;
      /** How many documents the worker holds after the job (tests and logs). */
      documents?: number;
    }
  | { id: number; ok: false; error: string };
