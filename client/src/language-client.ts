// Creates the language client for dist/server.js. Only hosting: the server does all the analysis.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVED_LANGUAGES, SERVED_SCHEMES } from './sniff';

export const CLIENT_ID = 'packetwalk';
export const CLIENT_NAME = 'Packet Walk';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // ipc for both run and debug: the server accepts --node-ipc (docs/architecture.md, "Language server").
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const documentSelector = SERVED_SCHEMES.flatMap((scheme) => SERVED_LANGUAGES.map((language) => ({ scheme, language })));
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // `packetwalk.*` settings reach the server both at start and on change (workspace/didChangeConfiguration),
    // so a server that does not pull configuration still sees them.
    synchronize: { configurationSection: 'packetwalk' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('packetwalk') },
    diagnosticCollectionName: 'packetwalk',
    outputChannel: output,
    // The client is started on demand; a server crash is reported in the output channel, not by popups.
    revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
  };
  // The id 'packetwalk' makes the library honour the `packetwalk.trace.server` setting.
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
