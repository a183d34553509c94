// `packetwalk exposure <template|dir>...`: what the internet can reach, per template (docs/codes.md
// "Zero configuration"; README "Exposure report"). Each exposure is proved by a walk from `internet`
// that gets replies back. Exit 0 when no sensitive exposure is left unaccepted, 1 otherwise, 2 for usage
// or input errors (2 wins).
import type { Exposure } from '../analyze/exposure/exposure';
import { choice, type ParsedArgs } from './args';
import { collectTargets, readTemplateFile } from './collect';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { exposureSarif } from './format/exposure-sarif';
import { exposureText } from './format/exposure-text';
import { readParameters } from './inputs';
import { json, type CommandOutput } from './output';
import { LineIndex, stripBom } from './positions';
import type { CliRange } from './check';
import { walkSettingsFromArgs } from './walk-settings';
import { analyzeCliFile, workspaceFromArgs } from './workspace';

/** One entry of `exposure --format json`. */
export interface CliExposure {
  file: string;
  endpoint: string;
  protocol: 'tcp' | 'udp';
  /** "22" or "1024-65535". */
  ports: string;
  via: string[];
  address: string;
  rule: { resource: string; range: CliRange; text: string };
  /** The sensitive services the range opens (empty when none, and always for a load balancer's listener port). */
  sensitive: string[];
  /** Accepted in Metadata PacketWalk Exposed, or declared blocked by a flow from internet. */
  accepted: boolean;
  /** 6: exposed to the IPv6 internet (a rule from ::/0); absent for IPv4. */
  ipVersion?: 6;
}

export interface ExposureOutcome {
  exposures: CliExposure[];
  filesChecked: number;
  ioErrors: string[];
  exitCode: number;
}

function toCli(x: Exposure, file: string, lines: LineIndex): CliExposure {
  return {
    file,
    endpoint: x.endpoint,
    protocol: x.protocol,
    ports: x.ports.from === x.ports.to ? String(x.ports.from) : `${x.ports.from}-${x.ports.to}`,
    via: x.via,
    address: x.address,
    rule: { resource: x.rule.resource, range: lines.range(x.rule.range), text: x.rule.text },
    sensitive: x.sensitive,
    accepted: x.accepted,
    ...(x.ipVersion ? { ipVersion: x.ipVersion } : {}),
  };
}

export function collectExposures(paths: readonly string[], args: ParsedArgs): ExposureOutcome {
  const parameters = readParameters(args);
  const walk = walkSettingsFromArgs(args);
  const workspace = workspaceFromArgs(args);
  const collected = collectTargets(paths);
  const ioErrors = [...collected.ioErrors];
  const exposures: CliExposure[] = [];
  let filesChecked = 0;
  for (const target of collected.targets) {
    const read = readTemplateFile(target.file);
    if (read.error !== undefined) {
      ioErrors.push(read.error);
      continue;
    }
    if (read.tooLarge !== undefined) continue;
    filesChecked++;
    const text = stripBom(read.text ?? '');
    const { analysis } = analyzeCliFile(target.file, text, workspace, { parameters, walk, implied: false });
    const lines = new LineIndex(text);
    for (const x of analysis.exposures ?? []) exposures.push(toCli(x, target.file, lines));
  }
  let exitCode = exposures.some((x) => x.sensitive.length > 0 && !x.accepted) ? EXIT_FAIL : EXIT_OK;
  if (ioErrors.length > 0) exitCode = EXIT_USAGE;
  return { exposures, filesChecked, ioErrors, exitCode };
}

export function runExposure(args: ParsedArgs): CommandOutput {
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('exposure needs at least one <template|dir>');
  const outcome = collectExposures(args.positionals, args);
  const stdout =
    format === 'json' ? json({ exposures: outcome.exposures }) : format === 'sarif' ? json(exposureSarif(outcome.exposures, process.cwd())) : exposureText(outcome.exposures, outcome.filesChecked);
  const stderr = outcome.ioErrors.map((e) => `packetwalk: ${e}\n`).join('');
  return { stdout, stderr, exitCode: outcome.exitCode };
}
