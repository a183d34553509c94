// The analysis side of the server: runs in a worker_threads Worker so that the connection thread keeps
// answering while a big template is being analysed. It is the same bundle as the server (main.ts starts
// this when it is not the main thread). Each worker holds the live analysis of the documents routed to
// it (live-states.ts) and answers everything that needs more than the small per-edit snapshot: hover,
// endpoints, traces, flow edits and quick fixes are computed here, next to the model, instead of cloning the model across.
// Until the first job arrives, a fresh worker warms the engine up (warmup.ts), a small step at a time.
import { parentPort } from 'node:worker_threads';
import type { LiveResult } from '../../analyze/live/types';
import { endpointList } from '../../usecases/endpoints';
import type { WorkspaceAnalysis } from '../../analyze/workspace/types';
import { proposeFlowDeclaration } from '../../usecases/flow-edit';
import { NOT_A_TEMPLATE, NOT_A_TEMPLATE_CODE, traceUseCase } from '../../usecases/trace';
import { hoverMarkdown, ruleParent, type HoverSource } from '../../features/hover';
import type { TraceOutcome, WorkerJob, WorkerReply } from '../jobs';
import { declareImpliedActions } from '../../usecases/implied-at';
import { fixableFindings, quickFixes } from '../../usecases/quick-fixes';
import { LiveStates } from './live-states';
import { toSnapshot } from './snapshot';
import { warmupStep, warmupTemplate } from './warmup';
import { cdkSourceDiagnostics } from './cdk-sources';
import { AuthoringState } from './authoring';

/**
 * Warm-up: this many steps at most, each a macrotask, so a job that arrives waits for one step only; the
 * first steps (cold, the slowest) use a one-VPC template to keep that wait short. Measured on the 1 MB
 * template when the worker had time to finish it: the first analysis took 1.5-2.8 s instead of 3.4-3.7 s
 * (a loaded 2-CPU machine). But a document opened at once (as the bench does, right after initialize)
 * was 0.5-1 s *slower* with the warm-up running (median of 4: 3.1 s against 2.5 s): a cold step in the way,
 * and CPU taken from the analysis. So it starts only after the worker has been idle for WARMUP_AFTER_MS.
 */
const WARMUP_AFTER_MS = 1000;
const WARMUP_STEPS = 8;
const WARMUP_SMALL_STEPS = 2;
const WARMUP_VPCS = 3;

/**
 * The comparison's modules (with the CloudFormation diff library they use), initialised on the first
 * comparison rather than when the worker starts: a fresh worker is ready about 15 ms sooner, and the first
 * document opened waits for it (esbuild initialises a required module when the require runs).
 */
function reviewModules(): typeof import('../../review/compare') & typeof import('../../review/diff-markdown') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...require('../../review/compare'), ...require('../../review/diff-markdown') };
}

function hoverSource(result: LiveResult): HoverSource {
  return {
    outline: result.outline,
    resources: result.resources,
    flows: () => result.flows(),
    // The model only for a rule resource's parent (lazy: a user-initiated hover may pay for it).
    parentOf: (resource) => ruleParent(result.full().model, resource),
    implied: () => (result.isTemplate ? result.implied() : []),
  };
}

function runTrace(result: LiveResult, job: Extract<WorkerJob, { kind: 'trace' }>): TraceOutcome {
  const analysis = result.isTemplate ? result.full() : undefined;
  if (!analysis) return { ok: false, refusal: { kind: 'not-analysable', reasons: [{ code: NOT_A_TEMPLATE_CODE, message: NOT_A_TEMPLATE, offset: 0 }] } };
  return traceUseCase(analysis, job.spec, job.settings);
}

export function handleJob(states: LiveStates, job: WorkerJob, authoring: AuthoringState = new AuthoringState()): WorkerReply {
  try {
    const reply = answer(states, job, authoring);
    return { ...reply, documents: states.size };
  } catch (e) {
    // The engine promises not to throw; if it does anyway, the server reports it and keeps going.
    return { id: job.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function answer(states: LiveStates, job: WorkerJob, authoring: AuthoringState): WorkerReply & { ok: true } {
  switch (job.kind) {
    case 'analyze': {
      const result = states.update(job);
      // The endpoint names for completion, when the whole analysis is at hand anyway (no extra work).
      authoring.note(job.uri, result);
      return { id: job.id, ok: true, snapshot: toSnapshot(result, job.lastGoodShown === true) };
    }
    case 'authoring':
      // From the text's parse and the newest model held: no analysis of this text is waited for or started.
      return { id: job.id, ok: true, authoring: authoring.answer(job, states.newest(job.uri), job.request) };
    case 'hover': {
      const { result, held } = states.resultFor(job);
      return { id: job.id, ok: true, held, hover: hoverMarkdown(hoverSource(result), job.offset, job.stale) };
    }
    case 'endpoints': {
      const { result, held } = states.resultFor(job);
      const analysis = result.isTemplate ? result.full() : undefined;
      const cdk = analysis && 'constructPaths' in analysis ? (analysis as WorkspaceAnalysis) : undefined;
      return { id: job.id, ok: true, held, endpoints: analysis?.model ? endpointList(analysis.model, cdk) : [] };
    }
    case 'trace': {
      const { result, held } = states.resultFor(job);
      return { id: job.id, ok: true, held, trace: runTrace(result, job) };
    }
    case 'flowEdit':
      return { id: job.id, ok: true, flowEdit: proposeFlowDeclaration(job.text, job.flow) };
    case 'implied-at': {
      const { result, held } = states.resultFor(job);
      const all = result.isTemplate ? result.implied() : [];
      const around = result.resources.find((r) => r.range.start <= job.offset && job.offset <= r.range.end)?.range;
      return { id: job.id, ok: true, held, implied: declareImpliedActions(job.text, all, job.offset, around) };
    }
    case 'quick-fixes': {
      const { result, held } = states.resultFor(job);
      // The whole analysis (traces, model) only when a finding there has a code some fix handles.
      const worth = result.isTemplate && !result.syntaxError && fixableFindings(result.findings, job.range).length > 0;
      return { id: job.id, ok: true, held, quickFixes: worth ? quickFixes(result.full(), job.range) : [] };
    }
    case 'compare': {
      // Both texts analysed afresh: a comparison is on demand (a command, a save), never per keystroke.
      const { compareTexts, diffMarkdown } = reviewModules();
      const diff = compareTexts(job.baseText, job.text, job.options);
      return { id: job.id, ok: true, compare: { ...diff, markdown: diffMarkdown(diff, { before: job.baseLabel, after: 'the open document' }) } };
    }
    case 'forget':
      states.forget(job.uri);
      authoring.forget(job.uri);
      return { id: job.id, ok: true };
    case 'cdkSources':
      return { id: job.id, ok: true, cdkSources: cdkSourceDiagnostics(job.folders) };
  }
}

export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) return;
  const states = new LiveStates();
  const authoring = new AuthoringState();
  let busy = false;
  let jobs = 0;
  port.on('message', (job: WorkerJob) => {
    busy = true;
    const seen = ++jobs;
    port.postMessage(handleJob(states, job, authoring));
    // Idle after an analysis: do now the work the document's next edit would start with (after an open or
    // any whole analysis, cutting the text into its parts and analysing each). A job already waiting goes
    // first (the port's messages are delivered before the immediate runs).
    if (job.kind === 'analyze') {
      setImmediate(() => {
        if (jobs !== seen) return;
        try {
          states.prepare(job.uri);
        } catch {
          // Only speed is lost: the next update does the same work and reports any problem itself.
        }
      });
    }
  });
  const small = warmupTemplate(1);
  const text = warmupTemplate(WARMUP_VPCS);
  let steps = 0;
  const step = () => {
    if (busy || steps >= WARMUP_STEPS) return;
    try {
      warmupStep(steps++ < WARMUP_SMALL_STEPS ? small : text);
    } catch {
      return; // a warm-up that fails only costs speed; the real job will report the problem
    }
    setImmediate(step);
  };
  setTimeout(step, WARMUP_AFTER_MS).unref();
}
