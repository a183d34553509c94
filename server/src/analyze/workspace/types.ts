// What a workspace analysis takes and gives. The front ends (CLI, language server) read the files,
// enforcing the workspace rules (never outside, never over the network); the engine gets their text
// here and stays free of I/O. Paths are the front end's own (absolute, `/`-separated): the engine only
// joins and compares them.
import type { Range } from '../../template/located';
import type { Analysis, Finding, RelatedLocation } from '../types';

/** One entry of a CDK stack's metadata (`manifest.json` `metadata`, `<Stack>.metadata.json`). */
export interface CdkMetadataEntry {
  type: string;
  data?: unknown;
  trace?: string[];
}

/** A stack of the workspace: a cloud-assembly stack artifact, or a template of the folder. */
export interface WorkspaceStack {
  /** A cdk.out stack's artifact id; a hand-written template's file base name (`network.yaml` → `network`). */
  name: string;
  /** The template's path (a key of WorkspaceInput.files). */
  file: string;
  /** `AWS::StackName` when known (the manifest's `stackName`, `--stack-name`, the `packetwalk.stackNames` setting). */
  stackName?: string;
  /** CDK: the stack's construct path (`Prod/Network` for a stack of a Stage), its display name in the manifest. */
  displayName?: string;
  /** CDK: metadata by construct path (keys start with `/`), from the manifest and the metadata file. */
  cdkMetadata?: Record<string, CdkMetadataEntry[]>;
}

/** A file the front end read, or why it did not. */
export type WorkspaceFile =
  | { text: string }
  | { refused: { code: 'STACK_OUTSIDE_WORKSPACE' | 'STACK_NOT_READ'; reason: string } };

export interface WorkspaceInput {
  /** Every stack of the workspace set: the cloud assembly's (nested assemblies included) or the folder's. */
  stacks: WorkspaceStack[];
  /** Texts by path: stack templates and the nested templates they name (see nestedTemplatePaths). */
  files: ReadonlyMap<string, WorkspaceFile>;
}

/** A source line recorded by CDK for the construct that made a resource (1-based, as stack traces are). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface LocatedRelated extends RelatedLocation {
  /** The file the range is in, when it is not the analysed template. */
  file?: string;
}

/** A finding of a workspace analysis: the file is set when it is another template than the analysed one. */
export interface WorkspaceFinding extends Finding {
  file?: string;
  related: LocatedRelated[];
  /** The stack that defines the element the finding is about. */
  stack?: string;
  /** CDK: the construct path of the resource (`AppStack/Db/Resource`). */
  constructPath?: string;
  /** CDK: where the user's code created that construct (`aws:cdk:creationStack`). */
  source?: SourceLocation;
}

export interface WorkspaceAnalysis extends Analysis {
  findings: WorkspaceFinding[];
  /** The analysed template's stack name. */
  stack: string;
  /** Which file and local range a range of the merged analysis points at. */
  locate(range: Range): { file: string; range: Range };
  /** Endpoint names that stand for a model id: construct paths, `Stack/LogicalId` of the analysed stack. */
  aliases: ReadonlyMap<string, string>;
  /** The construct path of a model id, when the resource comes from CDK. */
  constructPaths: ReadonlyMap<string, string>;
  /** The stack each model id belongs to. */
  stackOf(id: string): string;
  /** A model id's logical ID in its own template (`network/DbAcl` → `DbAcl`). */
  logicalIdOf(id: string): string;
  /** The stacks analysed together with this one (its own first). */
  stacks: string[];
}
