// packetwalk inside `cdk synth`: a policy validation plugin (aws-cdk-lib's IPolicyValidationPlugin,
// registered with `Validations.of(app).addPlugins(new PacketWalkValidation())`). CDK hands it the paths
// of the synthesized templates; every stack is analysed with the stacks it reaches, and each blocked flow
// becomes a violation on the resource of the element that blocks it (error for a declared flow, warning
// for an implied one; the rule name is the explanation code, so `Validations.of(construct).acknowledge(
// 'packetwalk::<CODE>')` accepts it). CDK prints violations with the construct path and the source line.
// Synchronous, bundled, and with no run-time dependency on aws-cdk-lib (the interface is structural).
import * as path from 'node:path';
import { readWorkspaceOf } from '../files/workspace-reader';
import { analyzeInWorkspace } from '../analyze/workspace/analyze-workspace';
import type { WorkspaceFinding } from '../analyze/workspace/types';
import { readTemplateFile } from '../files/template-file';
import { codeHelpUri, TOOL_VERSION } from '../files/meta';

export interface PacketWalkValidationProps {
  /** Report implied flows (security-group rules, listeners, routes) too, as warnings. Default true. */
  implied?: boolean;
}

/** The parts of aws-cdk-lib's IPolicyValidationContext this plugin reads. */
export interface ValidationContext {
  templatePaths: readonly string[];
}

export interface Violation {
  ruleName: string;
  description: string;
  fix?: string;
  severity?: string;
  ruleMetadata?: Record<string, string>;
  violatingResources: Array<{ resourceLogicalId: string; templatePath: string; locations: string[] }>;
}

export interface ValidationReport {
  success: boolean;
  violations: Violation[];
  pluginVersion?: string;
}

export class PacketWalkValidation {
  readonly name = 'packetwalk';
  readonly version = TOOL_VERSION;

  constructor(private readonly props: PacketWalkValidationProps = {}) {}

  validate(context: ValidationContext): ValidationReport {
    const violations = new Map<string, Violation>();
    const templates = [...context.templatePaths].map((p) => path.resolve(p));
    // The cloud assembly folder holds every template; nothing outside it is read.
    const roots = [...new Set(templates.map((t) => path.dirname(t)))];
    for (const file of templates) {
      const read = readTemplateFile(file);
      if (read.text === undefined) continue;
      const ws = readWorkspaceOf(file, { roots, alsoAllowed: templates });
      const key = file.split(path.sep).join('/');
      const analysis = analyzeInWorkspace(key, read.text.replace(/^\uFEFF/, ''), ws.input);
      for (const f of analysis.findings) {
        const v = violationOf(f, key, analysis.logicalIdOf(f.resource ?? ''), this.props.implied ?? true);
        if (!v) continue;
        const id = JSON.stringify([v.ruleName, v.violatingResources, v.description]);
        if (!violations.has(id)) violations.set(id, v);
      }
    }
    const list = [...violations.values()];
    return { success: !list.some((v) => v.severity === 'error'), violations: list, pluginVersion: TOOL_VERSION };
  }
}

/** A blocked flow's finding as a violation on the blocking resource; other findings are not violations. */
function violationOf(f: WorkspaceFinding, analysed: string, logicalId: string, implied: boolean): Violation | undefined {
  if (!f.flows?.length || f.resource === undefined) return undefined;
  const isImplied = (f as { implied?: boolean }).implied === true;
  if (isImplied && !implied) return undefined;
  // A declared flow that is blocked is an error; an unknown verdict (a warning in `check`) is not a violation.
  if (!isImplied && f.severity !== 'error') return undefined;
  const templatePath = (f.file ?? analysed).split('/').join(path.sep);
  return {
    ruleName: f.code,
    description: `${f.message} (flow ${f.flows.join(', ')})`,
    fix: codeHelpUri(f.code),
    severity: isImplied ? 'warning' : 'error',
    ruleMetadata: { flows: f.flows.join(', '), ...(f.constructPath ? { constructPath: f.constructPath } : {}) },
    violatingResources: [{ resourceLogicalId: logicalId, templatePath, locations: [] }],
  };
}
