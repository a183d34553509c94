// The "Packet Walk: Trace Flow…" command. With a TraceFlowParams argument (code lenses, tests) it traces at
// once; without one it asks for source, destination, protocol and port. It returns the TraceResult, so
// callers (and the in-editor suite) can use the answer.
import * as vscode from 'vscode';
import type { EndpointInfo, TraceFlowParams, TraceResult } from '../../shared/protocol';
import { EndpointsRequest, TraceFlowRequest } from '../../shared/protocol';
import { validateAddress, validatePort } from './flow-input';
import type { Protocol } from './flow-input';

/** What the command needs from the extension: the running client for a document, if any. */
export interface TraceHost {
  request<R>(method: string, params: unknown): Promise<R>;
  ensureStarted(doc: vscode.TextDocument): Promise<boolean>;
  show(params: TraceFlowParams, result: TraceResult): void;
}

function endpointItems(endpoints: EndpointInfo[]): (vscode.QuickPickItem & { id?: string })[] {
  return endpoints.map((e) => ({ label: e.id, description: e.type, detail: e.label && e.label !== e.id ? e.label : undefined, id: e.id }));
}

async function pickEndpoint(title: string, endpoints: EndpointInfo[], allowAddress: boolean): Promise<string | undefined> {
  const typeOwn = '$(edit) Type an IP, a CIDR or internet…';
  const items: (vscode.QuickPickItem & { id?: string })[] = endpointItems(endpoints);
  if (allowAddress) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: 'internet', description: 'any public address', id: 'internet' });
    items.push({ label: typeOwn });
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'A resource, a subnet (probe host there), or an address', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.label !== typeOwn) return picked.id ?? picked.label;
  return vscode.window.showInputBox({ title, prompt: 'An IPv4/IPv6 address, a CIDR, or internet', validateInput: validateAddress })
    .then((v) => v?.trim());
}

/** Asks for the flow; undefined when the user cancels any step. */
async function askForFlow(uri: string, endpoints: EndpointInfo[]): Promise<TraceFlowParams | undefined> {
  const from = await pickEndpoint('Trace Flow (1/4): source', endpoints, true);
  if (!from) return undefined;
  const to = await pickEndpoint('Trace Flow (2/4): destination', endpoints, true);
  if (!to) return undefined;
  const protocols: { label: Protocol; description: string }[] = [
    { label: 'tcp', description: 'TCP' }, { label: 'udp', description: 'UDP' },
    { label: 'icmp', description: 'ICMP (optional type)' }, { label: 'all', description: 'every protocol and port' },
  ];
  const proto = await vscode.window.showQuickPick(protocols, { title: 'Trace Flow (3/4): protocol' });
  if (!proto) return undefined;
  let port: number | string | undefined;
  if (proto.label !== 'all') {
    const typed = await vscode.window.showInputBox({
      title: 'Trace Flow (4/4): ' + (proto.label === 'icmp' ? 'ICMP type (empty for any)' : 'destination port'),
      prompt: proto.label === 'icmp' ? 'An ICMP type, or empty' : 'A port (443) or a range (1024-2048)',
      validateInput: (v) => validatePort(v, proto.label),
    });
    if (typed === undefined) return undefined;
    const t = typed.trim();
    port = t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : t.replace(/\s+/g, '');
  }
  return { uri, from, to, protocol: proto.label, port };
}

function isTraceParams(arg: unknown): arg is TraceFlowParams {
  const a = arg as Partial<TraceFlowParams> | undefined;
  return !!a && typeof a === 'object' && typeof a.uri === 'string' && typeof a.from === 'string' && typeof a.to === 'string';
}

export async function traceFlowCommand(host: TraceHost, arg?: unknown): Promise<TraceResult | undefined> {
  let params: TraceFlowParams | undefined;
  let doc: vscode.TextDocument | undefined;
  if (isTraceParams(arg)) {
    params = arg;
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
  } else {
    doc = vscode.window.activeTextEditor?.document;
    if (!doc) {
      void vscode.window.showWarningMessage('Packet Walk: open a CloudFormation template to trace a flow in it.');
      return undefined;
    }
  }
  if (!(await host.ensureStarted(doc))) {
    void vscode.window.showWarningMessage(`Packet Walk: ${vscode.workspace.asRelativePath(doc.uri)} does not look like a CloudFormation template.`);
    return undefined;
  }
  if (!params) {
    const endpoints = await host.request<EndpointInfo[]>(EndpointsRequest, { uri: doc.uri.toString() });
    params = await askForFlow(doc.uri.toString(), endpoints ?? []);
    if (!params) return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Packet Walk: tracing' },
    () => host.request<TraceResult>(TraceFlowRequest, params),
  );
  host.show(params, result);
  return result;
}
