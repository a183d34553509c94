// The tool's identity, read from package.json at build time (esbuild inlines it), so `--version`, the
// SARIF driver and the documentation links never drift from the published manifest.
import { version, repository } from '../../../package.json';

export const TOOL_NAME = 'packetwalk';
export const TOOL_VERSION: string = version;
export const REPOSITORY_URL: string = repository.url.replace(/\.git$/, '');

/** The code's entry in docs/codes.md; GitHub anchors headings as the lower-cased code. */
export function codeHelpUri(code: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/codes.md#${code.toLowerCase()}`;
}
