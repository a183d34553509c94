// Reading one template file for the front ends that take file names (the CLI, the CDK plugin): UTF-8,
// refusing what is not a regular file or is larger than the parser's bound.
import * as fs from 'node:fs';

/** Larger files are refused before reading (CloudFormation itself accepts at most 1 MB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface ReadResult {
  text?: string;
  tooLarge?: number;
  error?: string;
}

/** Reads a template as UTF-8, refusing files above MAX_FILE_BYTES. */
export function readTemplateFile(file: string): ReadResult {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { error: `${file}: not a file` };
    if (st.size > MAX_FILE_BYTES) return { tooLarge: st.size };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(e as Error).message}` };
  }
}
