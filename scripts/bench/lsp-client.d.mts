// Types for lsp-client.mjs.
import type { ChildProcess } from 'node:child_process';
export interface Position {
  line: number;
  character: number;
}
export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: Position; end: Position }; message: string; code?: string | number; severity?: number; [k: string]: unknown }>;
}
export class LspClient {
  constructor(serverPath: string, opts?: { cwd?: string; settings?: object; stderr?: (s: string) => void });
  proc: ChildProcess;
  readonly pid: number | undefined;
  exited: { code: number | null; signal: string | null } | null;
  stderr: string;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  notifications: Array<{ method: string; params: unknown }>;
  rssMb(): number | null;
  request<T = unknown>(method: string, params: unknown, timeoutMs?: number): Promise<T>;
  notify(method: string, params: unknown): void;
  waitForDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<{ params: PublishDiagnosticsParams; at: number }>;
  initialize(rootUri?: string | null): Promise<{ capabilities: { textDocumentSync?: number | { change?: number; openClose?: boolean }; [k: string]: unknown } }>;
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, contentChanges: Array<{ range?: { start: Position; end: Position }; text: string }>): void;
  close(uri: string): void;
  shutdown(): Promise<void>;
}
export function positionAt(text: string, offset: number): Position;
export function lineIndex(text: string): (offset: number) => Position;
