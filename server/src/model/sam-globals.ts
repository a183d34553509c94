// SAM's Globals section: AWS::Serverless::Function resources inherit Globals.Function properties. The
// SAM translator merges them as its documentation states (Globals section, "Overridable"): a scalar in
// the resource replaces the global one, maps are merged key by key, and lists are added together (the
// resource's items and the global ones), so a function's VpcConfig.SecurityGroupIds extends the global list.
import type { RList, RMap, RValue, ResolvedResource } from '../template/values';
import { field, prop, type Ctx } from './read';

/** The VpcConfig a SAM function ends up with: its own merged over Globals.Function.VpcConfig. */
export function samFunctionVpcConfig(ctx: Ctx, r: ResolvedResource): RValue | undefined {
  const own = prop(r, 'VpcConfig');
  const global = field(field(ctx.rt.globals, 'Function'), 'VpcConfig');
  if (global === undefined) return own;
  if (own === undefined) return global;
  return merge(global, own);
}

function merge(global: RValue, own: RValue): RValue {
  if (global.kind === 'map' && own.kind === 'map') {
    const entries = new Map(global.entries);
    const keyRanges = new Map(global.keyRanges);
    for (const [k, v] of own.entries) {
      const g = entries.get(k);
      entries.set(k, g === undefined ? v : merge(g, v));
      keyRanges.set(k, own.keyRanges.get(k) ?? v.range);
    }
    const m: RMap = { kind: 'map', entries, keyRanges, range: own.range };
    return m;
  }
  if (global.kind === 'list' && own.kind === 'list') {
    const l: RList = { kind: 'list', items: [...own.items, ...global.items], range: own.range };
    return l;
  }
  return own;
}
