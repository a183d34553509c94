// Reads a CDK cloud assembly manifest (`cdk.out/manifest.json`, written by `cdk synth`) to find the
// stack templates it contains. Pure: the caller reads the files. Artifacts of type
// `aws:cloudformation:stack` carry `properties.templateFile`, relative to the cdk.out folder; stages
// are nested assemblies (`cdk:cloud-assembly`, `properties.directoryName`) with their own manifest.
// https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/cloud-assembly-schema

export interface CdkStackArtifact {
  /** The artifact ID (the stack's ID in the assembly). */
  id: string;
  /** Template path relative to the manifest's folder (never absolute, never escaping it). */
  templateFile: string;
  displayName?: string;
}

export interface CdkManifest {
  stacks: CdkStackArtifact[];
  /** Nested assemblies (CDK stages): folders relative to this one, each with its own manifest.json. */
  nestedAssemblies: Array<{ id: string; directory: string }>;
  problems: string[];
}

export function readCdkManifest(manifestText: string): CdkManifest {
  const result: CdkManifest = { stacks: [], nestedAssemblies: [], problems: [] };
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText.charCodeAt(0) === 0xfeff ? manifestText.slice(1) : manifestText);
  } catch (e) {
    result.problems.push(`manifest.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return result;
  }
  if (!isObject(manifest)) {
    result.problems.push('manifest.json is not a JSON object.');
    return result;
  }
  const artifacts = manifest.artifacts;
  if (artifacts === undefined) return result;
  if (!isObject(artifacts)) {
    result.problems.push('manifest.json: "artifacts" is not an object.');
    return result;
  }
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) continue;
    const props = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'aws:cloudformation:stack') {
      const file = props.templateFile;
      if (typeof file !== 'string' || file === '') {
        result.problems.push(`Stack artifact "${id}" has no properties.templateFile.`);
        continue;
      }
      const bad = unsafePath(file);
      if (bad) {
        result.problems.push(`Stack artifact "${id}": template path "${file}" ${bad}; it is ignored.`);
        continue;
      }
      const stack: CdkStackArtifact = { id, templateFile: file };
      if (typeof artifact.displayName === 'string') stack.displayName = artifact.displayName;
      result.stacks.push(stack);
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const dir = props.directoryName;
      if (typeof dir !== 'string' || dir === '') continue;
      const bad = unsafePath(dir);
      if (bad) result.problems.push(`Nested assembly "${id}": directory "${dir}" ${bad}; it is ignored.`);
      else result.nestedAssemblies.push({ id, directory: dir });
    }
  }
  return result;
}

/** Why a manifest path may not be followed (it must stay inside the cdk.out folder), or undefined. */
function unsafePath(p: string): string | undefined {
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  if (p.split(/[\\/]/).some((seg) => seg === '..')) return 'leaves the cdk.out folder';
  if (p.includes('\0')) return 'contains a NUL character';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
