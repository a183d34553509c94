// The `packetwalk.*` settings, read through workspace/configuration (per document, so folder settings
// apply) and turned into the engine's AnalyzeOptions. Works with clients that send no configuration at
// all (defaults). `parametersFile` is read from disk only when, after realpath, it lies inside a
// workspace folder: a template's settings must never make the server read arbitrary files.
import { realpathSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { uriToPath } from './paths';
import type { AnalyzeOptions, WalkSettings } from '../../analyze/types';
import { readParametersFile, readStackNames, readWalkSettings } from '../../usecases/inputs';
import type { StackOptions } from '../jobs';

export interface PacketwalkSettings {
  enable: boolean;
  parameters: Record<string, string>;
  parametersFile?: string;
  /** From `ephemeral.instance`, e.g. "32768-60999". */
  instanceEphemeral?: { from: number; to: number };
  /** From `publicIps`: the public IPv4 an Elastic IP will get (EipLogicalId → address), shown in traces. */
  publicIps?: Record<string, string>;
  strict: boolean;
  /** Check the flows templates imply (security-group rules, listeners, default routes); default on. */
  impliedFlows: boolean;
  /** From `stackNames`: the `AWS::StackName` of hand-written templates (file base name or path relative to the folder → name). */
  stackNames?: Record<string, string>;
}

const FETCH_TIMEOUT_MS = 5000;

export const DEFAULT_SETTINGS: PacketwalkSettings = { enable: true, parameters: {}, strict: false, impliedFlows: true };

/** The analysis inputs for one document: its settings plus the parameters file, merged. */
export interface EffectiveSettings {
  enable: boolean;
  options: AnalyzeOptions;
  walk: WalkSettings;
}

type Fetch = (scopeUri: string) => Promise<unknown>;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<PacketwalkSettings>>();

  constructor(
    /** Asks the client for the `packetwalk` section; undefined when the client cannot answer. */
    private readonly fetch: Fetch | undefined,
    private readonly workspaceFolders: () => string[],
    private readonly log: (message: string) => void,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  /** A closed document's settings are not kept. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  async effective(uri: string): Promise<EffectiveSettings> {
    const settings = await this.settings(uri);
    const parameters = { ...this.readParametersFile(uri, settings.parametersFile), ...settings.parameters };
    const walk: WalkSettings = {};
    if (settings.instanceEphemeral) walk.instanceEphemeral = settings.instanceEphemeral;
    if (settings.publicIps) walk.publicIps = settings.publicIps;
    // The workspace folders: where the analysis worker may read the other stacks a template reaches.
    const stacks: NonNullable<StackOptions['stacks']> = { roots: this.workspaceFolders() };
    if (settings.stackNames) stacks.stackNames = this.resolveStackNames(uri, settings.stackNames);
    const options: AnalyzeOptions & StackOptions = { parameters, walk, strict: settings.strict, implied: settings.impliedFlows, stacks };
    return { enable: settings.enable, options, walk };
  }

  private settings(uri: string): Promise<PacketwalkSettings> {
    let cached = this.cache.get(uri);
    if (!cached) {
      cached = this.load(uri);
      this.cache.set(uri, cached);
    }
    return cached;
  }

  private async load(uri: string): Promise<PacketwalkSettings> {
    if (!this.fetch) return DEFAULT_SETTINGS;
    try {
      // A client that never answers must not stop analysis: after a while, defaults.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to workspace/configuration within ${FETCH_TIMEOUT_MS} ms`)), FETCH_TIMEOUT_MS);
      });
      const raw = await Promise.race([this.fetch(uri), timeout]).finally(() => clearTimeout(timer));
      return normalizeSettings(raw, this.log);
    } catch (e) {
      this.log(`could not read the packetwalk settings: ${e instanceof Error ? e.message : String(e)}`);
      this.cache.delete(uri); // ask again next time
      return DEFAULT_SETTINGS;
    }
  }

  /** A base name names that file in any folder; a path is relative to the document's workspace folder. */
  private resolveStackNames(uri: string, names: Record<string, string>): Record<string, string> {
    const home = this.homeFolder(uri);
    const out: Record<string, string> = {};
    for (const [file, name] of Object.entries(names)) {
      if (!/[\\/]/.test(file)) out[file] = name;
      else if (isAbsolute(file)) out[resolve(file)] = name;
      else if (home) out[resolve(home, file)] = name;
    }
    return out;
  }

  private homeFolder(uri: string): string | undefined {
    const folders = this.workspaceFolders();
    const docPath = uriToPath(uri);
    return folders.find((f) => docPath !== undefined && (docPath === f || docPath.startsWith(f + sep))) ?? folders[0];
  }

  private readParametersFile(uri: string, file: string | undefined): Record<string, string> {
    if (!file) return {};
    const folders = this.workspaceFolders();
    const home = this.homeFolder(uri);
    if (!home) {
      this.log(`packetwalk.parametersFile is ignored: there is no workspace folder to resolve "${file}" in`);
      return {};
    }
    const path = safeRealpathInside(isAbsolute(file) ? file : resolve(home, file), folders);
    if (!path) {
      this.log(`packetwalk.parametersFile "${file}" is ignored: it does not resolve to a file inside a workspace folder`);
      return {};
    }
    try {
      if (!statSync(path).isFile()) return {};
      // The one parameters reader (as the CLI's --parameters); the well-formed entries are used and each
      // problem is logged, where the CLI refuses the file.
      const read = readParametersFile(readFileSync(path, 'utf8'));
      for (const p of read.problems) this.log(`packetwalk.parametersFile "${file}": ${p.message}`);
      return read.value ?? {};
    } catch (e) {
      this.log(`packetwalk.parametersFile "${file}" could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return {};
    }
  }
}

/** The realpath of `candidate` when it lies inside (the realpath of) one of the folders, else undefined. */
export function safeRealpathInside(candidate: string, folders: string[]): string | undefined {
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return undefined;
  }
  for (const folder of folders) {
    let root: string;
    try {
      root = realpathSync(folder);
    } catch {
      continue;
    }
    if (real.startsWith(root.endsWith(sep) ? root : root + sep)) return real;
  }
  return undefined;
}

export function normalizeSettings(raw: unknown, log: (m: string) => void = () => undefined): PacketwalkSettings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const settings: PacketwalkSettings = { ...DEFAULT_SETTINGS, parameters: {} };
  if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
  if (typeof raw.strict === 'boolean') settings.strict = raw.strict;
  if (typeof raw.impliedFlows === 'boolean') settings.impliedFlows = raw.impliedFlows;
  if (isObject(raw.parameters)) {
    for (const [k, v] of Object.entries(raw.parameters)) if (v !== null && v !== undefined) settings.parameters[k] = scalarText(v);
  }
  if (typeof raw.parametersFile === 'string' && raw.parametersFile.trim() !== '') settings.parametersFile = raw.parametersFile.trim();
  // VS Code nests dotted setting names; other clients may send the dotted key as it is.
  const ephemeral = isObject(raw.ephemeral) ? raw.ephemeral.instance : raw['ephemeral.instance'];
  // The one reader of walk settings (as the CLI's --ephemeral and --public-ip): a value it refuses is
  // logged and left out (the default applies); only a public IPv4 address can be an Elastic IP's.
  const walk = readWalkSettings({
    ephemeral: typeof ephemeral === 'string' ? ephemeral : undefined,
    publicIps: isObject(raw.publicIps) ? Object.entries(raw.publicIps) : [],
  });
  for (const p of walk.problems) {
    const name = p.field === 'ephemeral' ? 'ephemeral.instance' : p.field;
    log(`packetwalk.${name} "${p.given}" is ignored: ${p.message}`);
  }
  if (walk.value?.instanceEphemeral) settings.instanceEphemeral = walk.value.instanceEphemeral;
  if (walk.value?.publicIps) settings.publicIps = { ...walk.value.publicIps };
  if (isObject(raw.stackNames)) {
    const names = readStackNames(Object.entries(raw.stackNames));
    for (const p of names.problems) log(`packetwalk.stackNames "${p.given}" is ignored: ${p.message}`);
    if (names.value && Object.keys(names.value).length) settings.stackNames = { ...names.value };
  }
  return settings;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: unknown): string {
  if (Array.isArray(v)) return v.map(scalarText).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}
