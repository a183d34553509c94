// The engine as the live sweep's cross-stack part sees it (bundled on the fly by scripts/live-sweep.mjs):
// the whole workspace analysis, and a LiveDocument run with the workspace engine.
export { analyzeInWorkspace } from '../server/src/analyze/workspace/analyze-workspace';
export { stackNameOfFile } from '../server/src/analyze/workspace/paths';
export { WorkspaceEngine } from '../server/src/analyze/workspace/live-units';
export { StackCache } from '../server/src/analyze/workspace/stack-cache';
export { LiveDocument } from '../server/src/analyze/live/live-document';
export { fullResult } from '../server/src/analyze/live/results';
export { analyzeText } from '../server/src/analyze/analyze';
