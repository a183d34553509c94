// Why a trace could not be answered, and the sentence that says so. Separate from the trace use case so
// that the language server's connection thread can word a refusal without loading the engine.

/** Why a trace could not be answered. */
export type TraceRefusal =
  /** The text does not parse (a recovered partial tree could drop a rule and invent a verdict), or is not a template. */
  | { kind: 'not-analysable'; reasons: Array<{ code: string; message: string; offset: number }> }
  /** An endpoint name the template does not define, or a source address the source cannot have. */
  | { kind: 'endpoint'; field: 'from' | 'to' | 'sourceIp'; message: string; closest: string[] }
  /** Elastic IP addresses given for names that are no `AWS::EC2::EIP` of the template (a typo would be ignored). */
  | { kind: 'unknown-eip'; names: string[]; eips: string[] };

/** A refusal in one sentence, for front ends that show one line (closest names appended). */
export function refusalMessage(refusal: TraceRefusal): string {
  switch (refusal.kind) {
    case 'not-analysable':
      return `cannot trace: ${refusal.reasons.map((r) => `${r.code} ${r.message}`).join('; ')}`;
    case 'endpoint': {
      const closest = refusal.closest.filter((c) => !refusal.message.includes(c));
      return closest.length ? `${refusal.message} (closest: ${closest.join(', ')})` : refusal.message;
    }
    case 'unknown-eip': {
      const known = refusal.eips.length > 0 ? `Elastic IPs defined: ${refusal.eips.join(', ')}` : 'no Elastic IP is defined';
      return `${refusal.names.join(', ')}: no AWS::EC2::EIP of that name (${known})`;
    }
  }
}
