// What a command produces: text for stdout and stderr and an exit code. Commands return this instead
// of writing, so main.ts is the only place that touches the process.
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
