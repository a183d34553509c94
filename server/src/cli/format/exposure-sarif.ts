// `exposure --format sarif`: each exposure as a SARIF result on the rule that opens it, level warning when
// it is sensitive and not accepted (EXPOSED_SENSITIVE_PORT), note otherwise (INTERNET_EXPOSURE).
import type { CliExposure } from '../exposure';
import type { CliFinding } from '../check';
import { checkSarif } from './sarif';

export function exposureSarif(exposures: readonly CliExposure[], cwd: string): object {
  const findings: CliFinding[] = exposures.map((x) => {
    const open = x.sensitive.length > 0 && !x.accepted;
    return {
      code: open ? 'EXPOSED_SENSITIVE_PORT' : 'INTERNET_EXPOSURE',
      severity: open ? 'warning' : 'info',
      message: `${x.endpoint} is reachable from the internet on ${x.protocol}/${x.ports} at ${x.address}, via ${x.via.join(' → ')} (${x.rule.text})${x.sensitive.length ? `; sensitive: ${x.sensitive.join(', ')}${x.accepted ? ' (accepted)' : ''}` : ''}`,
      file: x.file,
      range: x.rule.range,
      resource: x.endpoint,
      flow: null,
      related: [],
      exposure: true,
    };
  });
  return checkSarif(findings, cwd);
}
