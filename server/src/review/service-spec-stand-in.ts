// Stands in for `@aws-cdk/aws-service-spec` in the bundles (esbuild.mjs aliases it here). That package is
// a 2.6 MB gzip of a 15 MB JSON specification, read from a path beside its own module and loaded in
// about 0.25 s; `@aws-cdk/cloudformation-diff` uses it only to rate a change's replacement impact and to
// pick the properties it scrutinises for IAM and security-group tables. packetwalk reports neither (its
// own reachability diff replaces the security review), and added/removed/modified do not depend on it,
// so an empty specification gives the same resource changes without the file, the time or the memory.
import { emptyDatabase } from '@aws-cdk/service-spec-types';

export function loadAwsServiceSpecSync(): ReturnType<typeof emptyDatabase> {
  return emptyDatabase();
}

export async function loadAwsServiceSpec(): Promise<ReturnType<typeof emptyDatabase>> {
  return emptyDatabase();
}
