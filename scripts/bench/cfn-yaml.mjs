// js-yaml@4 with a schema that knows the CloudFormation short tags (!Ref, !Sub, !GetAtt …): the floor
// the benchmark compares packetwalk with (a plain load of the same text, no analysis).
import jsyaml from 'js-yaml';

const CFN_TAGS = ['Ref', 'Sub', 'GetAtt', 'Select', 'Cidr', 'GetAZs', 'If', 'Join', 'Split', 'FindInMap', 'Base64', 'ImportValue', 'Condition', 'And', 'Or', 'Not', 'Equals', 'Transform', 'Length', 'ToJsonString', 'ForEach'];

export const CFN_SCHEMA = jsyaml.DEFAULT_SCHEMA.extend(
  CFN_TAGS.flatMap((tag) =>
    ['scalar', 'sequence', 'mapping'].map(
      (kind) => new jsyaml.Type(`!${tag}`, { kind, construct: (data) => ({ [tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`]: data }) }),
    ),
  ),
);

export function loadCfn(text) {
  return jsyaml.load(text, { schema: CFN_SCHEMA });
}
