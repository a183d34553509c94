// Which files a template's nested stacks live in, for the front ends to read (inside the workspace only)
// before the analysis: a local TemplateURL (relative to the parent's folder), a cdk.out asset
// (`aws:asset:path` metadata, or the stack metadata's `aws:cdk:templateFile` of each NestedStack).
// Remote URLs are never listed. Pure: text in, paths out.
import { parseTemplate } from '../../template/parse';
import { get, type LNode } from '../../template/located';
import { dirname, isRemoteUrl, join } from './paths';
import { readCdkStackInfo } from './cdk-info';
import type { WorkspaceStack } from './types';

export function nestedTemplatePaths(file: string, text: string, top?: WorkspaceStack): string[] {
  const out = new Set<string>();
  const root = parseTemplate(text).root;
  const resources = get(root, 'Resources');
  if (resources?.kind === 'map') {
    for (const e of resources.entries) {
      if (scalar(get(e.value, 'Type')) !== 'AWS::CloudFormation::Stack') continue;
      const asset = scalar(get(get(e.value, 'Metadata'), 'aws:asset:path'));
      const url = scalar(get(get(e.value, 'Properties'), 'TemplateURL'));
      for (const p of [asset, url]) if (p !== undefined && p !== '' && !isRemoteUrl(p)) out.add(join(dirname(file), p));
    }
  }
  if (top?.cdkMetadata) {
    for (const tf of readCdkStackInfo(top.displayName ?? top.name, top.cdkMetadata).nestedTemplates.values()) out.add(join(dirname(top.file), tf));
  }
  return [...out];
}

function scalar(n: LNode | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}
