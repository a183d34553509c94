// Is this text / tree a CloudFormation template? Editors call the cheap text sniff on every open
// YAML/JSON file (docker-compose, GitHub workflows, package.json…) before deciding to parse; the tree
// check is the authoritative one after parsing.

import type { LNode } from './located';
import { get } from './located';

/** True for a located tree with AWSTemplateFormatVersion, or a Resources map with an AWS::/Custom:: type. */
export function isCloudFormationTemplate(root: LNode | null): boolean {
  if (!root || root.kind !== 'map') return false;
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const resources = get(root, 'Resources');
  if (!resources || resources.kind !== 'map') return false;
  // SAM templates (AWS::Serverless::*, with Transform: AWS::Serverless-2016-10-31) also match here.
  return resources.entries.some((e) => hasCloudFormationType(e.value));
}

/** A resource definition whose Type is an AWS:: or Custom:: type. */
export function hasCloudFormationType(definition: LNode): boolean {
  const type = get(definition, 'Type');
  return type?.kind === 'scalar' && typeof type.value === 'string' && /^(?:AWS|Custom)::/.test(type.value);
}

/** How much of the text the sniff reads: templates declare their version and first resources early. */
export const SNIFF_LENGTH = 64 * 1024;

const VERSION = /(?:^|[\s{,])["']?AWSTemplateFormatVersion["']?\s*:/;
const RESOURCES = /(?:^|[\s{,])["']?Resources["']?\s*:/;
const TYPE_YAML = /(?:^|\n)[ \t-]*Type[ \t]*:[ \t]*["']?(?:AWS|Custom)::/;
const TYPE_JSON = /"Type"\s*:\s*"(?:AWS|Custom)::/;

/** A cheap regex sniff on the first 64 KB: AWSTemplateFormatVersion, or Resources with an AWS::/Custom:: Type. */
export function looksLikeCloudFormation(text: string): boolean {
  const head = text.length > SNIFF_LENGTH ? text.slice(0, SNIFF_LENGTH) : text;
  if (VERSION.test(head)) return true;
  return RESOURCES.test(head) && (TYPE_YAML.test(head) || TYPE_JSON.test(head));
}
