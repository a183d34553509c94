// Decides, from the text alone, whether a document looks like a CloudFormation template, so that the
// extension stays silent for plain YAML/JSON. A regex on purpose: the client must not import the engine
// (docs/architecture.md: the client never imports the engine); the server makes the real decision per document.

/** How much of a document the sniff reads: the markers sit near the top of any real template. */
const SNIFF_LIMIT = 256 * 1024;

// `AWSTemplateFormatVersion` anywhere, or a resource type `Type: AWS::…` (YAML, possibly quoted, possibly
// a flow-style mapping) or `"Type": "AWS::…"` (JSON, the shape of cdk synth output).
const TEMPLATE_MARKERS = /AWSTemplateFormatVersion|(?:^|[\s{,])Type\s*:\s*['"]?AWS::|"Type"\s*:\s*"AWS::/m;

export function looksLikeCloudFormation(text: string): boolean {
  return TEMPLATE_MARKERS.test(text.length > SNIFF_LIMIT ? text.slice(0, SNIFF_LIMIT) : text);
}

/** The language ids and URI schemes the extension serves (everything else is ignored before sniffing). */
export const SERVED_LANGUAGES: readonly string[] = ['yaml', 'json'];
export const SERVED_SCHEMES: readonly string[] = ['file', 'untitled'];
