// What the in-editor suites share (they run inside the extension host, one module per workspace): polling
// for a state the editor reaches asynchronously, a diagnostic's code as text, and running the checks in
// order with one line each, so that a failure says which check and why.
import type * as vscode from 'vscode';

/** Polls `probe` until it returns a value (a probe that throws is retried; its last error is reported). */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export type Check = [string, () => Promise<void>];

/** Runs the checks in order, each logged `ok -` or `not ok -`; throws when any failed. `what`: "in-editor checks". */
export async function runChecks(checks: readonly Check[], what: string): Promise<void> {
  const failures: string[] = [];
  for (const [name, body] of checks) {
    const t0 = Date.now();
    try {
      await body();
      console.log(`ok - ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failures.push(name);
      console.error(`not ok - ${name}\n  ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n  ') : String(e)}`);
    }
  }
  console.log(`${checks.length - failures.length} of ${checks.length} ${what} passed`);
  if (failures.length) throw new Error(`${failures.length} ${what.replace(/checks$/, 'check(s)')} failed: ${failures.join('; ')}`);
}
