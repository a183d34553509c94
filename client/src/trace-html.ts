// Renders a TraceResult as the HTML of the trace view. Pure (no vscode import) so it can be unit-tested.
// Every piece of template-derived text goes through escapeHtml: resource names, rules and reasons come from
// the user's template and must never become markup. The page runs one nonce'd script and loads nothing remote.
import type { HeaderPort, Hop, PacketHeader, TraceFlowParams, TraceResult, BlockingPoint } from '../../shared/protocol';

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function port(p: HeaderPort | null): string {
  if (p === null || p === undefined) return '*';
  return typeof p === 'number' ? String(p) : `${p.from}-${p.to}`;
}

export function formatHeader(h: PacketHeader | undefined): string {
  if (!h) return '';
  return `${h.protocol} ${h.src}:${port(h.srcPort)} → ${h.dst}:${port(h.dstPort)}`;
}

export function describeFlow(p: TraceFlowParams): string {
  const proto = p.protocol ?? 'tcp';
  const portText = p.port === undefined || p.port === '' || proto === 'all' ? '' : `/${p.port}`;
  return `${p.from} → ${p.to} ${proto}${portText}`;
}

function blockerItem(b: BlockingPoint): string {
  const where = b.range ? ` data-start="${b.range.start}" data-end="${b.range.end}"` : '';
  const link = b.range ? `<a href="#" class="reveal"${where}>${escapeHtml(b.resource)}</a>` : escapeHtml(b.resource);
  const element = b.element ? ` (${escapeHtml(b.element)})` : '';
  return `<li>${link}${element}, ${escapeHtml(b.direction)}: <code>${escapeHtml(b.code)}</code> ${escapeHtml(b.message)}</li>`;
}

function sameHeader(a: PacketHeader, b: PacketHeader): boolean {
  return formatHeader(a) === formatHeader(b);
}

function hopRow(h: Hop, i: number): string {
  const link = `<a href="#" class="reveal" data-start="${h.range.start}" data-end="${h.range.end}">${escapeHtml(h.resource)}</a>`;
  const element = h.element ? ` <small>(${escapeHtml(h.element)})</small>` : '';
  // Show the outgoing header only where the hop rewrites it (IGW 1:1 NAT, NAT gateway SNAT, load balancers).
  const rewritten = h.out && !sameHeader(h.in, h.out)
    ? `<br><span class="rewrite">rewritten to</span> <code>${escapeHtml(formatHeader(h.out))}</code>` : '';
  const code = h.code ? ` <code>${escapeHtml(h.code)}</code>` : '';
  const rule = h.rule ? `<br><span class="rule">${escapeHtml(h.rule)}</span>` : '';
  return `<tr class="${escapeHtml(h.decision)}${h.afterDrop ? ' after-drop' : ''}">
<td>${i + 1}</td><td>${link}${element}<br><small>${escapeHtml(h.type)}</small></td>
<td><code>${escapeHtml(formatHeader(h.in))}</code>${rewritten}</td>
<td><span class="decision">${escapeHtml(h.decision)}</span>${code}${rule}<br>${escapeHtml(h.reason)}</td></tr>`;
}

/** Sets apart the hops walked after the first drop: the walk only looks for further blockers there. */
export const AFTER_DROP_ROW = '<tr class="after-drop-separator"><td colspan="4">After the drop, looking for further blockers: nothing below got through</td></tr>\n';

function hopTable(title: string, hops: Hop[], offset: number): string {
  if (hops.length === 0) return `<h2>${escapeHtml(title)}</h2><p>No hops.</p>`;
  return `<h2>${escapeHtml(title)}</h2>
<table><thead><tr><th>#</th><th>Hop</th><th>Packet</th><th>Decision</th></tr></thead>
<tbody>${hops.map((h, i) => (h.afterDrop && (i === 0 || !hops[i - 1].afterDrop) ? AFTER_DROP_ROW : '') + hopRow(h, i + offset)).join('\n')}</tbody></table>`;
}

export interface TraceHtmlOptions {
  nonce: string;
  cspSource: string;
  /** Whether the flow is already declared (no "Save as declared flow" button then). */
  canSave: boolean;
}

export function renderTraceHtml(params: TraceFlowParams, result: TraceResult, opts: TraceHtmlOptions): string {
  const forward = result.hops.filter((h) => h.direction === 'forward');
  const back = result.hops.filter((h) => h.direction === 'return');
  const verdictText = { reachable: 'Reachable', blocked: 'Blocked', unknown: 'Unknown' }[result.verdict] ?? result.verdict;
  const blockers = result.blockers.length
    ? `<h2>Blocked at</h2><ul>${result.blockers.map(blockerItem).join('')}</ul>` : '';
  const assumptions = result.assumptions.length
    ? `<h2>Assumptions</h2><ul>${result.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : '';
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${opts.nonce}'`,
    `script-src 'nonce-${opts.nonce}'`,
    `img-src ${opts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Packet Walk: ${escapeHtml(describeFlow(params))}</title>
<style nonce="${opts.nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
.verdict { font-size: 1.4em; font-weight: bold; }
.verdict.reachable { color: var(--vscode-testing-iconPassed); }
.verdict.blocked { color: var(--vscode-errorForeground); }
.verdict.unknown { color: var(--vscode-editorWarning-foreground); }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; font-size: 0.9em; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; vertical-align: top; text-align: left; overflow-wrap: break-word; }
th { white-space: nowrap; }
td:nth-child(2) { min-width: 8em; }
.rule, .rewrite { color: var(--vscode-descriptionForeground); }
.decision { font-weight: bold; }
tr.drop .decision { color: var(--vscode-errorForeground); }
tr.unknown .decision { color: var(--vscode-editorWarning-foreground); }
tr.after-drop { opacity: 0.7; }
tr.after-drop-separator td { font-style: italic; border-top: 2px dashed var(--vscode-errorForeground); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; }
</style></head>
<body>
<h1>${escapeHtml(describeFlow(params))}</h1>
<p class="verdict ${escapeHtml(result.verdict)}" id="verdict">${escapeHtml(verdictText)}</p>
${opts.canSave ? '<p><button id="save">Save as declared flow</button></p>' : ''}
${blockers}
${hopTable('Forward path', forward, 0)}
${hopTable('Return path', back, forward.length)}
${assumptions}
<script nonce="${opts.nonce}">
const vscode = acquireVsCodeApi();
for (const a of document.querySelectorAll('a.reveal')) {
  a.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'reveal', start: Number(a.dataset.start), end: Number(a.dataset.end) });
  });
}
const save = document.getElementById('save');
if (save) save.addEventListener('click', () => vscode.postMessage({ type: 'save' }));
</script>
</body></html>`;
}
