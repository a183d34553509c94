// A minimal LSP client over stdio, enough to drive the real packetwalk server the way an editor does:
// Content-Length framing, requests with ids, notifications, answers to the server's own requests
// (configuration, capability registration, progress), and a wait for the diagnostics of a given
// document version. Used by the benchmark and by the robustness (typing storm) suite.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export class LspClient {
  /**
   * @param {string} serverPath  path of dist/server.js
   * @param {{ cwd?: string, settings?: object, stderr?: (s: string) => void }} [opts]
   */
  constructor(serverPath, opts = {}) {
    this.proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.settings = opts.settings ?? {};
    this.nextId = 1;
    this.pending = new Map();
    this.buf = Buffer.alloc(0);
    /** uri -> the last publishDiagnostics params */
    this.diagnostics = new Map();
    /** waiters for diagnostics: { uri, version, resolve, reject, timer } */
    this.diagWaiters = [];
    this.notifications = [];
    this.stderr = '';
    this.exited = null;
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.proc.stderr.on('data', (d) => {
      const s = d.toString();
      this.stderr += s;
      if (this.stderr.length > 200_000) this.stderr = this.stderr.slice(-100_000);
      opts.stderr?.(s);
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = { code, signal };
      const err = new Error(`server exited (code ${code}, signal ${signal}); stderr tail: ${this.stderr.slice(-2000)}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      for (const w of this.diagWaiters) w.reject(err);
      this.diagWaiters = [];
    });
    this.proc.stdin.on('error', () => {});
  }

  get pid() {
    return this.proc.pid;
  }

  /** Resident set size of the server process in MB (VmRSS), or null when it is gone. */
  rssMb() {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  }

  onData(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad LSP header: ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      this.onMessage(JSON.parse(body));
    }
  }

  onMessage(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code, data: msg.error.data }));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer like a plain editor would.
      let result = null;
      if (msg.method === 'workspace/configuration') {
        result = (msg.params?.items ?? []).map((it) => {
          if (!it.section) return this.settings;
          let v = this.settings;
          for (const part of it.section.split('.')) v = v?.[part];
          return v ?? null;
        });
      } else if (msg.method === 'workspace/workspaceFolders') result = [];
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params;
      this.diagnostics.set(p.uri, p);
      this.diagWaiters = this.diagWaiters.filter((w) => {
        if (w.uri !== p.uri) return true;
        if (w.version !== undefined && p.version !== w.version) return true;
        clearTimeout(w.timer);
        w.resolve({ params: p, at: performance.now() });
        return false;
      });
      return;
    }
    this.notifications.push(msg);
    if (this.notifications.length > 10_000) this.notifications.splice(0, 5_000);
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  request(method, params, timeoutMs = 30_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with { params, at } when diagnostics for `uri` (and `version`, when given) arrive. */
  waitForDiagnostics(uri, version, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const w = { uri, version, resolve, reject, timer: null };
      w.timer = setTimeout(() => {
        this.diagWaiters = this.diagWaiters.filter((x) => x !== w);
        const last = this.diagnostics.get(uri);
        reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms (last seen v${last?.version})`));
      }, timeoutMs);
      // A wait nobody needs any more (the caller moved on) must not keep the process alive.
      w.timer.unref();
      this.diagWaiters.push(w);
    });
  }

  async initialize(rootUri = null) {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: null,
      capabilities: {
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        workspace: { configuration: true },
        window: { workDoneProgress: true },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  open(uri, text, version = 1, languageId = 'yaml') {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Full-text change (what a client does with TextDocumentSyncKind.Full) or ranged changes. */
  change(uri, version, contentChanges) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown() {
    for (const w of this.diagWaiters) {
      clearTimeout(w.timer);
      w.reject(new Error('client shut down'));
    }
    this.diagWaiters = [];
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 5_000);
      this.notify('exit', null);
    } catch {
      /* already gone or stuck: killed below */
    }
    await new Promise((resolve) => {
      if (this.exited) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 3_000);
      this.proc.on('exit', () => (clearTimeout(t), resolve()));
    });
  }
}

/** Converts an offset in `text` to an LSP position (UTF-16 units, as JavaScript strings count). */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}

/** A line-start index for fast offset → position conversion on big texts. */
export function lineIndex(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
}
