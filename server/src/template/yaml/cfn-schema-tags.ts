// CloudFormation's short-form tags registered with the `yaml` library as pass-through tags (value
// and collection kept as they are), so that it does not report each `!Ref` as an unresolved tag: each
// such report is an Error object with a captured stack, which made up a third of the parse time of
// a large template. The rewrite to long form happens in read-yaml.ts, where ranges are known.

import type { CollectionTag, ScalarTag } from 'yaml';
import { CFN_SHORT_TAGS } from '../tags';

export const CFN_YAML_TAGS: Array<ScalarTag | CollectionTag> = [...CFN_SHORT_TAGS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value } as ScalarTag,
  { tag, collection: 'seq', resolve: (coll: unknown) => coll } as unknown as CollectionTag,
  { tag, collection: 'map', resolve: (coll: unknown) => coll } as unknown as CollectionTag,
]);
