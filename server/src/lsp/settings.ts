// The `packetwalk.*` settings, read through workspace/configuration (per document, so folder settings
// apply) and turned into the engine's AnalyzeOptions. Works with clients that send no configuration at
// all (defaults). `parametersFile` is read from disk only when, after realpath, it lies inside a
// workspace folder: a template's settings must never make the server read arbitrary files.
import { realpathSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { uriToPath } from './paths';
import { parse as parseYaml } from 'yaml';
import type { AnalyzeOptions, WalkSettings } from '../analyze/types';
import type { StackOptions } from './stack-workspace';
import { hostCidr, isPrivateSpace, parseIp } from '../net/ip';
import { parsePortText } from '../net/ports';

export interface PacketwalkSettings {
  enable: boolean;
  parameters: Record<string, string>;
  parametersFile?: string;
  /** From `ephemeral.instance`, e.g. "32768-60999". */
  instanceEphemeral?: { from: number; to: number };
  /** From `publicIps`: the public IPv4 an Elastic IP will get (EipLogicalId → address), shown in traces. */
  publicIps?: Record<string, string>;
  strict: boolean;
}

const FETCH_TIMEOUT_MS = 5000;

export const DEFAULT_SETTINGS: PacketwalkSettings = { enable: true, parameters: {}, strict: false };

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
    const options: AnalyzeOptions & StackOptions = { parameters, walk, strict: settings.strict, stacks: { roots: this.workspaceFolders() } };
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

  private readParametersFile(uri: string, file: string | undefined): Record<string, string> {
    if (!file) return {};
    const folders = this.workspaceFolders();
    const docPath = uriToPath(uri);
    const home = folders.find((f) => docPath !== undefined && (docPath === f || docPath.startsWith(f + sep))) ?? folders[0];
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
      return parseParametersText(readFileSync(path, 'utf8'));
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

/**
 * CloudFormation's parameter file shapes: `[{"ParameterKey","ParameterValue"}]` (the CLI's) or
 * `{"Parameters": {Name: Value}}` (CodePipeline's template configuration); YAML is read too.
 */
export function parseParametersText(text: string): Record<string, string> {
  const data: unknown = parseYaml(text);
  const out: Record<string, string> = {};
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.Parameters) ? data.Parameters : undefined;
  if (list) {
    for (const item of list) {
      if (isObject(item) && typeof item.ParameterKey === 'string' && item.ParameterValue !== undefined) {
        out[item.ParameterKey] = scalarText(item.ParameterValue);
      }
    }
    return out;
  }
  if (isObject(data) && isObject(data.Parameters)) {
    for (const [k, v] of Object.entries(data.Parameters)) if (v !== null && v !== undefined) out[k] = scalarText(v);
  }
  return out;
}

export function normalizeSettings(raw: unknown, log: (m: string) => void = () => undefined): PacketwalkSettings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const settings: PacketwalkSettings = { ...DEFAULT_SETTINGS, parameters: {} };
  if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
  if (typeof raw.strict === 'boolean') settings.strict = raw.strict;
  if (isObject(raw.parameters)) {
    for (const [k, v] of Object.entries(raw.parameters)) if (v !== null && v !== undefined) settings.parameters[k] = scalarText(v);
  }
  if (typeof raw.parametersFile === 'string' && raw.parametersFile.trim() !== '') settings.parametersFile = raw.parametersFile.trim();
  // VS Code nests dotted setting names; other clients may send the dotted key as it is.
  const ephemeral = isObject(raw.ephemeral) ? raw.ephemeral.instance : raw['ephemeral.instance'];
  if (typeof ephemeral === 'string' && ephemeral.trim() !== '') {
    const range = parsePortRange(ephemeral);
    if (range) settings.instanceEphemeral = range;
    else log(`packetwalk.ephemeral.instance "${ephemeral}" is not a port range like "32768-60999"; using the default`);
  }
  if (isObject(raw.publicIps)) {
    const ips: Record<string, string> = {};
    for (const [eip, address] of Object.entries(raw.publicIps)) {
      // Only a public IPv4 address can be an Elastic IP; anything else would put a made-up address in traces.
      if (typeof address === 'string' && isPublicIpv4(address.trim())) ips[eip] = address.trim();
      else log(`packetwalk.publicIps.${eip} "${String(address)}" is not a public IPv4 address; ignored`);
    }
    if (Object.keys(ips).length > 0) settings.publicIps = ips;
  }
  return settings;
}

function isPublicIpv4(text: string): boolean {
  const ip = parseIp(text);
  return ip !== null && ip.family === 4 && !isPrivateSpace(hostCidr(ip));
}

export function parsePortRange(text: string): { from: number; to: number } | undefined {
  const r = parsePortText(text);
  return r.ok ? r.range : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarText(v: unknown): string {
  if (Array.isArray(v)) return v.map(scalarText).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}
