// `check --format sarif`: SARIF 2.1.0 for code-scanning uploads (GitHub, Azure DevOps…). SARIF lines and
// columns are 1-based; our columns count UTF-16 code units, which the run declares with `columnKind`
// (SARIF 2.1.0 §3.14.4). Paths are relative URIs under %SRCROOT% (the working directory) when possible.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliFinding, CliRange } from '../check';
import { TOOL_NAME, TOOL_VERSION, REPOSITORY_URL, codeHelpUri } from '../../files/meta';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(r: CliRange) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

export function checkSarif(findings: readonly CliFinding[], cwd: string): object {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            informationUri: REPOSITORY_URL,
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: code.toLowerCase().replace(/_/g, ' ') },
              helpUri: codeHelpUri(code),
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: ruleIndex.get(f.code),
          level: LEVEL[f.severity] ?? 'warning',
          message: { text: f.message },
          // CDK: the user's source line first (where the fix is made), then the synthesized template.
          locations: [
            ...(f.source
              ? [{ physicalLocation: { artifactLocation: artifactLocation(f.source.file, cwd), region: { startLine: f.source.line, startColumn: f.source.column } } }]
              : []),
            { physicalLocation: { artifactLocation: artifactLocation(f.file, cwd), region: region(f.range) } },
          ],
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: artifactLocation(r.file, cwd), region: region(r.range) },
          })),
          // SARIF 2.1.0 §3.55: each quick fix as replacements in the finding's own file.
          ...(f.fixes?.length
            ? {
                fixes: f.fixes.map((x) => ({
                  description: { text: x.title },
                  artifactChanges: [
                    {
                      artifactLocation: artifactLocation(f.file, cwd),
                      replacements: x.replacements.map((r) => ({ deletedRegion: region(r.range), insertedContent: { text: r.text } })),
                    },
                  ],
                })),
              }
            : {}),
          ...(f.resource || f.flow || f.implied || f.exposure || f.constructPath
            ? {
                properties: {
                  ...(f.resource ? { resource: f.resource } : {}),
                  ...(f.flow ? { flow: f.flow } : {}),
                  ...(f.constructPath ? { constructPath: f.constructPath } : {}),
                  ...(f.implied ? { implied: true } : {}),
                  ...(f.exposure ? { exposure: true } : {}),
                },
              }
            : {}),
        })),
      },
    ],
  };
}
