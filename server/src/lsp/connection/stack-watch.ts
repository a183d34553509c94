// Other stacks change on disk (`cdk synth`, `cdk watch`, a teammate's network.yaml): the server asks the
// client to watch templates and cloud assemblies (workspace/didChangeWatchedFiles, registered dynamically
// when the client supports it) and re-analyses the open documents when one changes. A documents whose
// text reaches no other stack keeps its held result, so this costs little for them.
import { DidChangeWatchedFilesNotification, type ClientCapabilities, type Connection } from 'vscode-languageserver';

/** Template files and every file of a cloud assembly (manifest, templates, metadata). */
export const STACK_WATCHERS = [{ globPattern: '**/*.{yaml,yml,json,template}' }, { globPattern: '**/cdk.out/**' }];

/** Many files change at once during a synth: one re-analysis after they settle. */
const SETTLE_MS = 300;

export function canWatchStacks(caps: ClientCapabilities): boolean {
  return caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
}

export function watchStacks(connection: Connection, register: boolean, refresh: () => void): void {
  if (register) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: STACK_WATCHERS });
  let timer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      refresh();
    }, SETTLE_MS);
  });
}
