// What the walk works on: a flow to trace, the addresses packets carry, and the verdict of one check.
// A header address is an address *set* ("some address in 10.0.1.0/24") so that the walk can say
// "unknown, it depends on the address assigned" instead of picking one.
import type { Cidr } from '../net/ip';
import type { PortRange } from '../net/ports';
import type { Range } from '../template/located';
import type { Placement } from '../model/types';

export type FlowProtocolName = 'tcp' | 'udp' | 'icmp' | 'all';

/** One flow to trace: the `trace` command's arguments, or a declared flow. */
export interface FlowSpec {
  from: string;
  to: string;
  protocol: FlowProtocolName;
  /** tcp/udp: the destination port or range; icmp: an optional ICMP type; all: ignored. */
  port?: number | PortRange;
  /** Pins the initiator's source port (otherwise its ephemeral range). */
  sourcePort?: number;
  /** Pins the initiator's address (must be one of its possible addresses). */
  sourceIp?: string;
  /** 6: walk with IPv6 addresses, routes and rules only; default 4, or 6 when an end is an IPv6 address. */
  ipVersion?: 4 | 6;
}

/** A value the template does not decide, as the walk reports it. */
export interface UnknownNote {
  reason: string;
  range: Range;
}

/**
 * An address set in a header.
 * - `cidr`: one address (/32, /128) or some address in the block (a probe host, an ENI without a fixed IP).
 * - `internet`: some public address on the internet, or a given one (`cidr` set).
 * - `public`: the public address of one of our ENIs (an EIP or auto-assigned IP), possibly only known symbolically.
 * - `unknown`: the template does not say (e.g. a subnet CIDR from a parameter without value).
 */
export type Addr =
  | { kind: 'cidr'; cidr: Cidr }
  /** `family: 6`: some address on the IPv6 internet (an IPv6 flow to or from `internet`). */
  | { kind: 'internet'; cidr?: Cidr; family?: 6 }
  | { kind: 'public'; label: string; cidr?: Cidr }
  /**
   * `family: 6` with `inVpc`: an IPv6 address inside that VPC's IPv6 block, which Amazon assigns at deploy
   * (unknown as a prefix, but the VPC's local route holds it and `::/0` covers it).
   */
  | { kind: 'unknown'; label: string; unknown: UnknownNote; family?: 6; inVpc?: string; global?: boolean };

/** How a rule's address matches a header address set. */
export type AddrMatch = 'yes' | 'no' | 'partial' | { unknown: UnknownNote };

/** Where one side of a flow is: a placement of an endpoint, a probe host in a subnet, or the internet. */
export type Side =
  | {
      kind: 'placement';
      /** The endpoint's logical id (or the subnet's, for a probe). */
      endpoint: string;
      endpointType: string;
      placement: Placement;
      /** The private address set of this placement. */
      addr: Addr;
      /** A probe host has no security group (a subnet endpoint, docs/architecture.md "Declared flows"). */
      probe: boolean;
      /** Why this placement has no address of the flow's family (an IPv4-only ENI in an IPv6 flow…). */
      noAddress?: { family: 4 | 6; reason: string };
      /** Why whether it has an address of the flow's family is unknown (an IPv6 address the model does not read for this kind). */
      addressUnknown?: UnknownNote & { code: string };
      /** Ports this side picks as a client, and why. */
      ephemeral: { range: PortRange; assumption: string };
      kindOfEndpoint: string;
    }
  /** `service`: the internet side stands for an AWS service's endpoint (`aws:s3`), decided per source. */
  | { kind: 'internet'; addr: Addr; label: string; service?: string }
  /**
   * A service every VPC provides at a reserved address: the Amazon DNS server (the VPC's primary block
   * base + 2, and 169.254.169.253), instance metadata (169.254.169.254), Time Sync (169.254.169.123).
   * `vpc`: the VPC whose base + 2 the address is (the link-local addresses serve the caller's own VPC).
   */
  | { kind: 'service'; service: ReservedService; addr: Addr; label: string; vpc?: string }
  /** A private address outside every VPC of the template (a peer VPC's range, on-premises): only routes reach it. */
  | { kind: 'remote'; addr: Addr; label: string };

export type ReservedService = 'dns' | 'imds' | 'time-sync';

/** Walk assumptions the user can set (editor settings, CLI flags, test fixtures). */
export interface WalkSettings {
  /** Source ports of an EC2 instance whose OS the template does not say. Default 32768-60999 (Linux kernel default). */
  instanceEphemeral?: { from: number; to: number };
  /**
   * Public addresses the template cannot fix (an EIP's address is allocated at deploy), by the EIP's
   * logical id. Without one, the walk shows the address symbolically ("EIP NatEip").
   */
  publicIps?: Record<string, string>;
}
