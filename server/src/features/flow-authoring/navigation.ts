// Go to definition and find references between flows and the resources they name: a flow's endpoint name
// (a logical id or a construct path) leads to the resource's logical-ID key; a resource's key (or any
// flow's name for it) leads to every flow that names it. A resource-level flow without `From` starts at
// its resource, so it counts as naming it (its place is the flow's name or first key).
import type { Range } from '../../template/located';
import { resourceNamed, valueAt, type AuthoringPlaces } from './flow-places';

/** The resource key an endpoint name at `offset` stands for (in this template), or undefined. */
export function flowDefinition(places: AuthoringPlaces, offset: number): Range | undefined {
  const at = endpointAt(places, offset);
  if (!at?.text) return undefined;
  return resourceNamed(places, at.text)?.keyRange;
}

/**
 * Every place that names the endpoint at `offset`: on a resource's logical-ID key or on a flow's endpoint
 * name. `includeDeclaration` adds the resource's key itself. Undefined when the offset is on neither.
 */
export function flowReferences(places: AuthoringPlaces, offset: number, includeDeclaration: boolean): Range[] | undefined {
  const target = targetAt(places, offset);
  if (!target) return undefined;
  const out: Range[] = [];
  const resource = target.id !== undefined ? places.resources.find((r) => r.id === target.id) : undefined;
  if (includeDeclaration && resource) out.push(resource.keyRange);
  for (const flow of places.flows) {
    for (const v of flow.endpoints) {
      if (v.text !== undefined && v.text.trim() !== '' && names(places, v.text, target)) out.push(v.editRange);
    }
    // From defaults to the resource that declares the flow.
    if (flow.declaredBy === 'metadata' && flow.owner !== undefined && !flow.fields.has('From') && target.id === flow.owner) out.push(flow.selectionRange);
  }
  return out;
}

interface Target {
  /** The resource's logical id, when the name is a resource of this template. */
  id?: string;
  /** The name as written (`internet`, `aws:s3`, another stack's resource…) when it is not. */
  name: string;
}

function targetAt(places: AuthoringPlaces, offset: number): Target | undefined {
  const key = places.resources.find((r) => r.keyRange.start <= offset && offset <= r.keyRange.end);
  if (key) return { id: key.id, name: key.id };
  const at = endpointAt(places, offset);
  if (!at?.text || at.text.trim() === '') return undefined;
  const resource = resourceNamed(places, at.text);
  return resource ? { id: resource.id, name: resource.id } : { name: at.text.trim() };
}

function names(places: AuthoringPlaces, written: string, target: Target): boolean {
  if (target.id !== undefined) return resourceNamed(places, written)?.id === target.id;
  return written.trim().toLowerCase() === target.name.toLowerCase();
}

function endpointAt(places: AuthoringPlaces, offset: number): { text?: string } | undefined {
  const at = valueAt(places, offset);
  if (!at || !at.flow.endpoints.includes(at.value)) return undefined;
  return { text: at.value.text };
}
