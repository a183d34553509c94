// `exposure --format text`: one line per exposure (`file:line:col endpoint protocol/ports at address via …`),
// the opening rule under it, sensitive and accepted ones marked, and a summary line.
import type { CliExposure } from '../exposure';

export function exposureText(exposures: readonly CliExposure[], filesChecked: number): string {
  const lines: string[] = [];
  for (const x of exposures) {
    const where = `${x.file}:${x.rule.range.start.line + 1}:${x.rule.range.start.character + 1}`;
    const mark = x.sensitive.length === 0 ? '' : x.accepted ? ` [sensitive, accepted: ${x.sensitive.join(', ')}]` : ` [SENSITIVE: ${x.sensitive.join(', ')}]`;
    lines.push(`${where} ${x.endpoint} ${x.protocol}/${x.ports} at ${x.address}${mark}`);
    lines.push(`    via ${x.via.join(' → ')}; opened by ${x.rule.text}`);
  }
  const open = exposures.filter((x) => x.sensitive.length > 0 && !x.accepted).length;
  lines.push(`${exposures.length} exposure${exposures.length === 1 ? '' : 's'} (${open} sensitive not accepted) in ${filesChecked} file${filesChecked === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
