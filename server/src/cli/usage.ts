// Help text for `--help`, per command.
import type { Command } from './args';
import { TOOL_VERSION } from './meta';

const WALK = `  --ephemeral <from-to>   source ports of EC2 instances (and Auto Scaling groups) and subnet probe
                          hosts (default 32768-60999, the Linux default; Windows uses 49152-65535);
                          Lambda, NAT gateways and load balancers keep their own documented ranges
  --public-ip <EipId>=<address>
                          the public IPv4 address an Elastic IP will have (repeatable; EC2 allocates it
                          at deploy, so without this traces show it as "EIP <EipId>")`;

const COMMON = `  --param Name=Value      set a template parameter (repeatable; wins over --parameters)
  --parameters <file>     parameter values: [{"ParameterKey","ParameterValue"}] or {"Parameters":{...}}
  --workspace <dir>       where other stacks may be read from (imports, nested stacks; default: the
                          current directory; the files named here and their cdk.out are always readable)`;

const TEXT: Record<Command, string> = {
  trace: `packetwalk trace <template> --from <endpoint> --to <endpoint> [options]

Walks one flow through the network the template declares, forward and return, hop by hop.
An endpoint is a logical ID, a subnet's logical ID (a probe host there), an IP address, a CIDR, or "internet";
a resource of another stack is Stack/LogicalId, and in cdk.out a construct path (AppStack/Db) works too.

  --from <endpoint>       where the flow starts (required)
  --to <endpoint>         where it goes (required)
  --protocol <p>          tcp | udp | icmp | all (default tcp)
  --port <N|from-to>      destination port or range (required for tcp/udp; the ICMP type for icmp)
  --source-port <N>       pin the initiator's source port (default: its ephemeral range)
  --source-ip <address>   pin the initiator's address (one the source can have: its fixed private IP,
                          or an address in one of its subnets; otherwise exit 2)
${WALK}
${COMMON}
  --format text|json      output (json = the TraceResult object)

Exit: 0 reachable, 1 blocked or unknown, 2 usage or input error.`,
  check: `packetwalk check <file|dir>... [options]

Analyzes templates (directories are searched for CloudFormation YAML/JSON and cdk.out manifests) and
reports every finding: declared flows that do not behave as expected, and template problems.
Stacks are analysed together: Fn::ImportValue against the other templates' exports (the same cdk.out,
or the same folder), local nested stacks; a finding goes to the template that defines its element.

${WALK}
${COMMON}
  --format text|json|sarif   output (default text)
  --strict                a declared flow whose verdict is unknown is an error, not a warning

Exit: 0 no error finding, 1 at least one error finding, 2 usage or input error.`,
  model: `packetwalk model <template> [options]

Prints the network the engine reads from the template: VPCs, subnets, security groups, endpoints, and
every value it could not resolve.

${COMMON}
  --format text|json      output (default text)

Exit: 0, or 2 for usage or input errors.`,
};

export function usage(command: Command | null): string {
  if (command) return TEXT[command] + '\n';
  return `packetwalk ${TOOL_VERSION} — walks packets through the AWS networks of CloudFormation templates

Usage:
  packetwalk trace <template> --from <endpoint> --to <endpoint> [--protocol tcp|udp|icmp|all] [--port N]
  packetwalk check <file|dir>... [--format text|json|sarif] [--strict]
  packetwalk model <template> [--format text|json]
  packetwalk <command> --help
  packetwalk --version

All commands take --param Name=Value (repeatable), --parameters <file> and --workspace <dir>; trace and check also take
--ephemeral <from-to> and --public-ip <EipId>=<address> (repeatable).
Exit codes: 0 success, 1 blocked flow / error finding, 2 usage or input error.
`;
}
