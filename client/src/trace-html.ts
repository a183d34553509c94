// Renders a TraceResult as the HTML of the trace view: the drawn path first (a forward and a return lane
// of boxes, trace-layout.ts), then the hop-by-hop text tables for copy and paste. Pure (no vscode import)
// so it can be unit-tested. Every piece of template-derived text goes through escapeHtml: resource names,
// rules and reasons come from the user's template and must never become markup. The page runs one nonce'd
// script, styles only from one nonce'd style element (no style attributes), and loads nothing at all.
// Colours are the workbench theme's CSS variables, so light, dark and high-contrast themes all work; the
// status is also said in words and marks (✓ ✗ ? –), never by colour alone.
import type { HeaderPort, Hop, PacketHeader, TraceFlowParams, TraceResult, BlockingPoint } from '../../shared/protocol';
import { traceLayout } from './trace-layout';
import type { EndpointItem, HeaderChange, HopBox, Lane, LaneItem } from './trace-layout';

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

function elementName(resource: string, element?: string): string {
  return element ? `${resource} (${element})` : resource;
}

// ---- the drawn path ----------------------------------------------------------------------------------

const MARKS: Record<HopBox['status'], string> = { allow: '✓', drop: '✗', unknown: '?', 'not-reached': '–' };

function stateWords(box: HopBox): string {
  if (box.blocking) return 'blocked here';
  if (box.alsoDrops) return 'not reached · would drop too';
  return { allow: 'allows', drop: 'drops', unknown: 'cannot decide', 'not-reached': 'not reached' }[box.status];
}

/** A header with the fields the hop changed emphasised. */
export function headerHtml(h: PacketHeader, changed: readonly string[] = []): string {
  const part = (field: string, text: string) => (changed.includes(field) ? `<b class="changed">${escapeHtml(text)}</b>` : escapeHtml(text));
  return `${escapeHtml(h.protocol)} ${part('src', h.src)}:${part('srcPort', port(h.srcPort))} → ${part('dst', h.dst)}:${part('dstPort', port(h.dstPort))}`;
}

export function hopBoxHtml(box: HopBox): string {
  const classes = ['hop', box.status, box.blocking ? 'blocking' : '', box.alsoDrops ? 'also-drops' : ''].filter(Boolean).join(' ');
  const title = [elementName(box.hop.resource, box.hop.element), box.hop.reason].filter(Boolean).join(': ');
  const inner = `<span class="top"><span class="mark" aria-hidden="true">${MARKS[box.status]}</span><span class="kind">${escapeHtml(box.kind)}</span></span>
<span class="name">${escapeHtml(box.name)}</span>${box.detail ? `<span class="detail">${escapeHtml(box.detail)}</span>` : ''}
${box.hop.rule ? `<span class="rule">${escapeHtml(box.hop.rule)}</span>` : ''}<span class="state">${escapeHtml(stateWords(box))}</span>${box.blocking && box.hop.code ? `<span class="code">${escapeHtml(box.hop.code)}</span>` : ''}`;
  const body = box.linked
    ? `<a href="#" class="hop-link" data-hop="${box.index}" title="${escapeHtml(title)}">${inner}</a>`
    : `<span class="hop-link" title="${escapeHtml(title)}">${inner}</span>`;
  return `<li class="${classes}" id="hop-${box.index}">${body}</li>`;
}

function endpointHtml(e: EndpointItem, role: 'from' | 'to'): string {
  return `<li class="endpoint ${e.status}"><span class="hop-link"><span class="kind">${role === 'from' ? 'sends' : 'receives'}</span>
<span class="name">${escapeHtml(e.name)}</span>${e.address ? `<span class="detail">${escapeHtml(e.address)}</span>` : ''}</span></li>`;
}

function headerChipHtml(c: HeaderChange, reached: boolean): string {
  return `<li class="rewrite${reached ? '' : ' not-reached'}"><span class="why">${escapeHtml(c.why)} at ${escapeHtml(c.at)}</span>
<code>${headerHtml(c.header, c.changed)}</code></li>`;
}

const ARROW = '<svg viewBox="0 0 20 12" width="20" height="12" focusable="false"><path d="M1 6H18M13.5 1.5L18 6L13.5 10.5"/></svg>';

function connector(reached: boolean): string {
  return `<li class="link${reached ? '' : ' not-reached'}" aria-hidden="true">${ARROW}</li>`;
}

/** Whether the packet still travels after this item (connectors and chips after a drop are drawn cut). */
function passesOn(item: LaneItem, before: boolean): boolean {
  if (item.type === 'hop') return before && item.box.status !== 'drop' && item.box.status !== 'not-reached';
  if (item.type === 'endpoint') return item.endpoint.status !== 'not-reached';
  return before;
}

export function laneHtml(lane: Lane): string {
  const title = lane.direction === 'forward' ? 'Forward' : 'Return';
  const parts: string[] = [];
  let travelling = true;
  lane.items.forEach((item, i) => {
    if (i > 0) parts.push(connector(travelling && !(item.type === 'hop' && item.box.status === 'not-reached')));
    if (item.type === 'endpoint') parts.push(endpointHtml(item.endpoint, i === 0 ? 'from' : 'to'));
    else if (item.type === 'hop') parts.push(hopBoxHtml(item.box));
    else parts.push(headerChipHtml(item.change, travelling));
    travelling = passesOn(item, travelling);
  });
  const packet = lane.start ? `<p class="packet">packet <code>${headerHtml(lane.start)}</code></p>` : '<p class="packet">No hops walked in this direction.</p>';
  return `<section class="lane ${lane.direction}" id="lane-${lane.direction}" aria-label="${title} path">
<h2><span class="direction">${title}</span> ${escapeHtml(lane.from)} → ${escapeHtml(lane.to)}</h2>
${packet}
<ol class="path">${parts.join('\n')}</ol>
</section>`;
}

const LEGEND = `<ul class="legend" aria-label="Legend">
<li class="hop allow"><span class="mark" aria-hidden="true">✓</span> allows</li>
<li class="hop drop"><span class="mark" aria-hidden="true">✗</span> drops</li>
<li class="hop unknown"><span class="mark" aria-hidden="true">?</span> cannot decide</li>
<li class="hop not-reached"><span class="mark" aria-hidden="true">–</span> not reached (after the drop)</li>
</ul>`;

// ---- the text below the drawing -----------------------------------------------------------------------

function blockerItem(b: BlockingPoint, i: number): string {
  const name = elementName(b.resource, b.element);
  const link = b.range ? `<a href="#" class="reveal" data-blocker="${i}">${escapeHtml(name)}</a>` : escapeHtml(name);
  const side = b.side ? ` ${escapeHtml(b.side)}` : '';
  return `<li>${link}, ${escapeHtml(b.direction)}${side}: <code>${escapeHtml(b.code)}</code> ${escapeHtml(b.message)}</li>`;
}

function sameHeader(a: PacketHeader, b: PacketHeader): boolean {
  return formatHeader(a) === formatHeader(b);
}

function hopRow(h: Hop, index: number, n: number): string {
  const name = escapeHtml(h.resource);
  const link = h.range.end > h.range.start ? `<a href="#" class="reveal" data-hop="${index}">${name}</a>` : name;
  const element = h.element ? ` <small>(${escapeHtml(h.element)})</small>` : '';
  // Show the outgoing header only where the hop rewrites it (IGW 1:1 NAT, NAT gateway SNAT, load balancers).
  const rewritten = h.out && !sameHeader(h.in, h.out)
    ? `<br><span class="rewrite-text">rewritten to</span> <code>${escapeHtml(formatHeader(h.out))}</code>` : '';
  const code = h.code ? ` <code>${escapeHtml(h.code)}</code>` : '';
  const rule = h.rule ? `<br><span class="rule-text">${escapeHtml(h.rule)}</span>` : '';
  return `<tr class="${escapeHtml(h.decision)}${h.afterDrop ? ' after-drop' : ''}">
<td>${n}</td><td>${link}${element}<br><small>${escapeHtml(h.type)}</small></td>
<td><code>${escapeHtml(formatHeader(h.in))}</code>${rewritten}</td>
<td><span class="decision">${escapeHtml(h.decision)}</span>${code}${rule}<br>${escapeHtml(h.reason)}</td></tr>`;
}

/** Sets apart the hops walked after the first drop: the walk only looks for further blockers there. */
export const AFTER_DROP_ROW = '<tr class="after-drop-separator"><td colspan="4">After the drop, looking for further blockers: nothing below got through</td></tr>\n';

function hopTable(title: string, hops: Array<{ hop: Hop; index: number }>, offset: number): string {
  if (hops.length === 0) return `<h3>${escapeHtml(title)}</h3><p>No hops.</p>`;
  return `<h3>${escapeHtml(title)}</h3>
<table><thead><tr><th>#</th><th>Hop</th><th>Packet</th><th>Decision</th></tr></thead>
<tbody>${hops.map(({ hop, index }, i) => (hop.afterDrop && (i === 0 || !hops[i - 1].hop.afterDrop) ? AFTER_DROP_ROW : '') + hopRow(hop, index, i + 1 + offset)).join('\n')}</tbody></table>`;
}

function verdictDetail(result: TraceResult): string {
  const b = result.blockedAt;
  if (b) {
    const i = result.blockers.findIndex((x) => x.resource === b.resource && x.direction === b.direction && x.code === b.code && x.side === b.side);
    const name = escapeHtml(elementName(b.resource, b.element));
    const link = i >= 0 && b.range ? `<a href="#" class="reveal" data-blocker="${i}">${name}</a>` : name;
    return `<p class="verdict-detail">at ${link} (${escapeHtml(b.direction)}${b.side ? `, ${escapeHtml(b.side)}` : ''}): ${escapeHtml(b.message)}</p>`;
  }
  if (result.verdict === 'unknown') {
    const u = result.hops.find((h) => h.decision === 'unknown');
    return u ? `<p class="verdict-detail">${escapeHtml(elementName(u.resource, u.element))} cannot decide: ${escapeHtml(u.reason)}</p>` : '';
  }
  return '';
}

// ---- the page ------------------------------------------------------------------------------------------

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 1em; }
h1 { font-size: 1.3em; margin: 0.6em 0 0.2em; }
h2 { font-size: 1.05em; margin: 0 0 0.2em; }
h3 { font-size: 1em; margin: 1em 0 0.3em; }
a { color: var(--vscode-textLink-foreground); }
a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
.verdict { font-size: 1.3em; font-weight: bold; margin: 0.2em 0; }
.verdict.reachable { color: var(--vscode-testing-iconPassed); }
.verdict.blocked { color: var(--vscode-errorForeground); }
.verdict.unknown { color: var(--vscode-editorWarning-foreground); }
.verdict-detail { margin: 0 0 0.6em; }
.legend { list-style: none; padding: 0; margin: 0.4em 0 0.8em; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; font-size: 0.9em; }
.legend .mark { font-weight: bold; }
.lane { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); border-radius: 4px; padding: 0.4em 0.6em 0.6em; margin-bottom: 0.7em; }
.lane .direction { text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.85em; color: var(--vscode-descriptionForeground); margin-right: 0.4em; }
.packet { margin: 0 0 0.4em; color: var(--vscode-descriptionForeground); }
.path { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; align-items: center; row-gap: 0.5em; }
.hop-link { display: flex; flex-direction: column; box-sizing: border-box; width: 9em; min-height: 4.8em; padding: 2px 6px 3px;
  border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border)); border-left-width: 5px; border-radius: 3px;
  background: var(--vscode-editorWidget-background); color: var(--vscode-foreground); text-decoration: none; line-height: 1.3; }
a.hop-link:hover { border-color: var(--vscode-focusBorder); }
.hop-link > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hop-link > .rule, .hop-link > .detail, .hop-link > .state { white-space: normal; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
.kind, .detail { font-size: 0.82em; color: var(--vscode-descriptionForeground); }
.name { font-weight: bold; }
.rule { font-size: 0.82em; font-family: var(--vscode-editor-font-family); }
.state { font-size: 0.82em; margin-top: auto; }
.mark { display: inline-block; width: 1.1em; font-weight: bold; }
.hop.allow .hop-link { border-left-color: var(--vscode-testing-iconPassed); }
.hop.allow .mark, .hop.allow .state { color: var(--vscode-testing-iconPassed); }
.hop.drop .hop-link { border-left-color: var(--vscode-errorForeground); }
.hop.drop .mark, .hop.drop .state { color: var(--vscode-errorForeground); }
.hop.unknown .hop-link { border-left-color: var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, var(--vscode-editorWidget-background)); }
.hop.unknown .mark, .hop.unknown .state { color: var(--vscode-editorWarning-foreground); }
.hop.not-reached .hop-link { border-style: dashed; border-left-color: var(--vscode-disabledForeground); opacity: 0.6; }
.hop.not-reached .mark { color: var(--vscode-disabledForeground); }
.hop.also-drops .state { color: var(--vscode-errorForeground); }
.hop.blocking .hop-link { border: 2px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); border-left-width: 6px;
  border-left-color: var(--vscode-errorForeground); background: var(--vscode-inputValidation-errorBackground, var(--vscode-editorWidget-background)); }
.hop.blocking .state { font-weight: bold; text-transform: uppercase; }
.hop.blocking .code { font-size: 0.78em; font-family: var(--vscode-editor-font-family); color: var(--vscode-errorForeground); }
.legend .hop { display: inline; }
.legend .hop.not-reached { color: var(--vscode-disabledForeground); }
.endpoint .hop-link { width: 7em; border-radius: 1em; border-left-width: 1px; min-height: 3.6em; background: transparent; }
.endpoint.not-reached .hop-link { border-style: dashed; opacity: 0.6; }
.endpoint.unknown .hop-link { border-color: var(--vscode-editorWarning-foreground); }
.link { color: var(--vscode-foreground); padding: 0 2px; display: flex; }
.link path { fill: none; stroke: currentColor; stroke-width: 1.5; }
.link.not-reached { color: var(--vscode-disabledForeground); }
.link.not-reached path { stroke-dasharray: 3 3; }
.rewrite { display: flex; flex-direction: column; max-width: 15em; padding: 2px 6px; border: 1px dashed var(--vscode-textLink-foreground); border-radius: 3px; font-size: 0.85em; }
.rewrite .why { font-weight: bold; color: var(--vscode-textLink-foreground); }
.rewrite code { overflow-wrap: anywhere; }
.rewrite .changed { color: var(--vscode-textLink-activeForeground, var(--vscode-textLink-foreground)); text-decoration: underline; }
.rewrite.not-reached { opacity: 0.6; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; font-size: 0.9em; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder)); padding: 2px 6px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { white-space: nowrap; }
td:nth-child(2) { min-width: 8em; }
.rule-text, .rewrite-text { color: var(--vscode-descriptionForeground); }
.decision { font-weight: bold; }
tr.drop .decision { color: var(--vscode-errorForeground); }
tr.unknown .decision { color: var(--vscode-editorWarning-foreground); }
tr.after-drop { opacity: 0.7; }
tr.after-drop-separator td { font-style: italic; border-top: 2px dashed var(--vscode-errorForeground); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

/** Clicks on a hop or blocker post its index; the extension host looks the range up in the trace it holds. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('[data-hop], [data-blocker]') : null;
  if (!a) return;
  e.preventDefault();
  if (a.dataset.hop !== undefined) vscode.postMessage({ type: 'reveal', hop: Number(a.dataset.hop) });
  else vscode.postMessage({ type: 'reveal', blocker: Number(a.dataset.blocker) });
});
const save = document.getElementById('save');
if (save) save.addEventListener('click', () => vscode.postMessage({ type: 'save' }));
`;

export interface TraceHtmlOptions {
  nonce: string;
  cspSource: string;
  /** Whether the flow is already declared (no "Save as declared flow" button then). */
  canSave: boolean;
}

/** The page's Content-Security-Policy: nothing loads; one nonce'd style element and one nonce'd script. */
export function contentSecurityPolicy(opts: Pick<TraceHtmlOptions, 'nonce' | 'cspSource'>): string {
  return ["default-src 'none'", `style-src 'nonce-${opts.nonce}'`, `script-src 'nonce-${opts.nonce}'`, `img-src ${opts.cspSource}`].join('; ');
}

export function renderTraceHtml(params: TraceFlowParams, result: TraceResult, opts: TraceHtmlOptions): string {
  const layout = traceLayout(params, result);
  const indexed = result.hops.map((hop, index) => ({ hop, index }));
  const forward = indexed.filter((h) => h.hop.direction === 'forward');
  const back = indexed.filter((h) => h.hop.direction === 'return');
  const verdictText = { reachable: 'Reachable', blocked: 'Blocked', unknown: 'Unknown' }[result.verdict] ?? result.verdict;
  const blockers = result.blockers.length
    ? `<h3>Blocked at</h3><ul>${result.blockers.map(blockerItem).join('')}</ul>` : '';
  const assumptions = result.assumptions.length
    ? `<h3>Assumptions</h3><ul>${result.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(opts))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Packet Walk: ${escapeHtml(describeFlow(params))}</title>
<style nonce="${opts.nonce}">${STYLE}</style></head>
<body>
<h1>${escapeHtml(describeFlow(params))}</h1>
<p class="verdict ${escapeHtml(result.verdict)}" id="verdict">${escapeHtml(verdictText)}</p>
${verdictDetail(result)}
${opts.canSave ? '<p><button id="save">Save as declared flow</button></p>' : ''}
${LEGEND}
<div class="lanes">
${layout.lanes.map(laneHtml).join('\n')}
</div>
<h2 id="details">Hop by hop</h2>
${blockers}
${hopTable('Forward path', forward, 0)}
${hopTable('Return path', back, forward.length)}
${assumptions}
<script nonce="${opts.nonce}">${SCRIPT}</script>
</body></html>`;
}
