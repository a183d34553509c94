// The open documents (full-text sync) and which of them packetwalk looks at: YAML or JSON documents
// (by language id, or by file extension for clients that send another id) whose text looks like a
// CloudFormation template. Whether it really is one is the parse's call (Analysis.isTemplate).
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeCloudFormation } from '../../template/detect';

export function createDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(TextDocument);
}

const LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'cloudformation', 'cfn']);
const EXTENSIONS = /\.(ya?ml|json|template|cfn)$/i;

export function isCandidate(doc: TextDocument): boolean {
  if (!LANGUAGES.has(doc.languageId) && !EXTENSIONS.test(doc.uri.split(/[?#]/)[0])) return false;
  return looksLikeCloudFormation(doc.getText());
}
