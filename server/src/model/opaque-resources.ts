// Resources whose contents this template does not hold: a nested stack (what it creates is written in
// another template) and a custom resource (what it creates is decided by its provider's code when the
// stack is deployed). Named as a flow endpoint, either one gets `unknown` with this reason: the template
// truly lacks the answer, which is not the same as a component packetwalk does not model.
import type { ResolvedResource } from '../template/values';
import { isRemoteUrl } from '../template/remote-url';

/** Logical ID → why what the resource creates is not in the template. */
export function readOpaqueResources(resources: ReadonlyMap<string, ResolvedResource>): Map<string, string> {
  const out = new Map<string, string>();
  // Keys and values, not entries: an entry pair per resource was garbage for every resource of the template.
  for (const id of resources.keys()) {
    const r = resources.get(id)!;
    if (r.type === 'AWS::CloudFormation::Stack') out.set(id, nestedStackReason(id, r));
    else if (r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource') {
      out.set(id, `${id} is a custom resource (${r.type}): what it creates is decided by its provider's code when the stack is deployed, which packetwalk does not run, so it is no endpoint a packet can be walked from or to`);
    }
  }
  return out;
}

function nestedStackReason(id: string, r: ResolvedResource): string {
  const url = r.properties.entries.get('TemplateURL');
  const where =
    url?.kind !== 'str'
      ? ', whose TemplateURL is not known'
      : isRemoteUrl(url.value)
        ? ` at ${url.value}, which packetwalk never fetches`
        : ` (${url.value})`;
  return `${id} is a nested stack (AWS::CloudFormation::Stack), not one endpoint: the resources it creates are in its own template${where}; when that template is a local file, name one of its resources as ${id}/<LogicalId>`;
}
