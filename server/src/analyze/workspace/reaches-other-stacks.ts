// Whether a template's text may depend on other stacks: an `Fn::ImportValue`, a nested stack, or any
// template of a cloud assembly (its stacks reference each other). A cheap textual test, run on every
// keystroke by the language server to decide whether a document needs the other stacks' texts; a false
// positive only costs a whole analysis, never a wrong verdict.
export function reachesOtherStacks(text: string, file: string): boolean {
  return text.includes('ImportValue') || text.includes('AWS::CloudFormation::Stack') || /[\\/]cdk\.out[\\/]/.test(file);
}
