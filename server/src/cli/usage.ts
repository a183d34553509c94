// Help text for `--help`, per command.
import type { Command } from './args';
import { TOOL_VERSION } from '../files/meta';

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

const STACK_NAME = `  --stack-name <file>=<name>
                          the AWS::StackName a hand-written template will be deployed as (repeatable;
                          an export named with \${AWS::StackName} is matched only when it is known)`;

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
  --ip-version 4|6        walk over IPv4 (default) or IPv6 (the default when an end is an IPv6 address);
                          with 6, "internet" is the IPv6 internet
${WALK}
${COMMON}
${STACK_NAME}
  --format text|json      output (json = the TraceResult object)

Exit: 0 reachable, 1 blocked or unknown, 2 usage or input error.`,
  check: `packetwalk check <file|dir>... [options]

Analyzes templates (directories are searched for CloudFormation YAML/JSON and cdk.out manifests) and
reports every finding: declared flows that do not behave as expected, and template problems.
Stacks are analysed together: Fn::ImportValue against the other templates' exports (the same cdk.out,
or the same folder), local nested stacks; a finding goes to the template that defines its element.

${WALK}
${COMMON}
${STACK_NAME}
  --format text|json|sarif   output (default text)
  --strict                a declared flow whose verdict is unknown is an error, not a warning
  --write-baseline <file> record every finding in <file> and report none (exit 0): adopt the tool on
                          a repository that already has findings
  --baseline <file>       report only the findings not recorded in <file> (matched by code, file,
                          resource and flow, not by line)
  --no-implied            do not check the flows the template implies (security-group rules between
                          groups, internet-facing listeners, default routes out to the internet,
                          load balancers' health checks)

Exit: 0 no error finding, 1 at least one error finding, 2 usage or input error.`,
  exposure: `packetwalk exposure <template|dir>... [options]

Lists what the internet can reach: every endpoint, protocol and port range that a walk from "internet"
reaches and gets replies from (public address, route to an attached internet gateway, NACLs both ways,
security groups), with the path and the rule that opens it. Through an internet-facing load balancer the
exposed endpoint is the load balancer on its listener ports.

  --public-ip <EipId>=<address>
                          the public IPv4 address an Elastic IP will have (repeatable)
${COMMON}
${STACK_NAME}
  --format text|json|sarif   output (default text)

Exit: 0 no sensitive exposure left unaccepted, 1 otherwise, 2 usage or input error.`,
  model: `packetwalk model <template> [options]

Prints the network the engine reads from the template: VPCs, subnets, security groups, endpoints, and
every value it could not resolve.

${COMMON}
${STACK_NAME}
  --format text|json      output (default text)

Exit: 0, or 2 for usage or input errors.`,
  diff: `packetwalk diff <old> <new> [options]
packetwalk diff --base <git-ref> [<file|dir>...] [options]

What a change does to the network: the resources added, removed or modified, and every flow (declared
or implied) whose verdict or path differs, with the hop that changed. <old> and <new> are two templates
or two directories (templates paired by relative path); with --base, the templates of the working tree
under the given paths (default .) are compared with their text at <git-ref>.

  --base <git-ref>        compare the working tree with this commit, branch or tag
  --format text|json|markdown   output (default text; markdown for pull-request comments)
  --allow-breakage        a flow going from reachable to blocked does not fail the command
  --allow-exposure        a flow going from blocked to reachable does not fail the command
${WALK}
${COMMON}

Exit: 0 no flow went from reachable to blocked or back (unless allowed), 1 otherwise, 2 usage or input error.`,
};

export function usage(command: Command | null): string {
  if (command) return TEXT[command] + '\n';
  return `packetwalk ${TOOL_VERSION} — walks packets through the AWS networks of CloudFormation templates

Usage:
  packetwalk trace <template> --from <endpoint> --to <endpoint> [--protocol tcp|udp|icmp|all] [--port N]
  packetwalk check <file|dir>... [--format text|json|sarif] [--strict] [--no-implied]
  packetwalk model <template> [--format text|json]
  packetwalk diff <old> <new> | --base <git-ref> [<path>...] [--format text|json|markdown]
  packetwalk exposure <template|dir>... [--format text|json|sarif]
  packetwalk <command> --help
  packetwalk --version

All commands take --param Name=Value (repeatable), --parameters <file> and --workspace <dir>; trace, check and diff also take
--ephemeral <from-to> and --public-ip <EipId>=<address> (repeatable); trace, check, model and exposure take
--stack-name <file>=<name> (repeatable).
Exit codes: 0 success, 1 blocked flow / error finding, 2 usage or input error.
`;
}
