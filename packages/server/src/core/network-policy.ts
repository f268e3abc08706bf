/**
 * SSRF protection for webhook destinations: which addresses a webhook may reach, checked both when a URL is
 * registered and again, on the very address used, when a delivery connects.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { buildConnector } from 'undici';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** Resolves every address of a host, like `dns.promises.lookup(hostname, { all: true })`. */
export type AddressLookup = (hostname: string, options: { all: true }) => Promise<LookupAddress[]>;

export interface NetworkPolicy {
  /** Lets webhooks reach loopback, private and other non-public addresses (local development). */
  allowPrivateNetworks: boolean;
  lookup?: AddressLookup;
}

export const BLOCKED_DESTINATION_CODE = 'CAREHOOKS_BLOCKED_DESTINATION';

const DESCRIPTIONS: Record<AddressClass, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT (shared) address',
  metadata: 'a cloud metadata service address',
  unspecified: 'an unspecified ("this host") address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
};

/** The connection error raised when a destination resolves to an address the policy refuses. */
export class BlockedDestinationError extends Error {
  readonly code = BLOCKED_DESTINATION_CODE;
  readonly host: string;
  readonly address: string;
  readonly addressClass: AddressClass;

  constructor(host: string, address: string, addressClass: AddressClass) {
    super(`Refused to connect: ${describeRefusal(host, address, addressClass)}`);
    this.name = 'BlockedDestinationError';
    this.host = host;
    this.address = address;
    this.addressClass = addressClass;
  }
}

// First match wins, so the single metadata addresses come before the ranges that contain them.
const IPV4_RULES: ReadonlyArray<IPv4Rule> = [
  ipv4Rule('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack
  ipv4Rule('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  ipv4Rule('0.0.0.0/8', 'unspecified'),
  ipv4Rule('127.0.0.0/8', 'loopback'),
  ipv4Rule('10.0.0.0/8', 'private'),
  ipv4Rule('172.16.0.0/12', 'private'),
  ipv4Rule('192.168.0.0/16', 'private'),
  ipv4Rule('169.254.0.0/16', 'link-local'),
  ipv4Rule('100.64.0.0/10', 'cgnat'),
  ipv4Rule('224.0.0.0/4', 'multicast'),
  ipv4Rule('240.0.0.0/4', 'reserved'), // includes the broadcast address 255.255.255.255
  ipv4Rule('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  ipv4Rule('192.0.2.0/24', 'reserved'), // TEST-NET-1
  ipv4Rule('198.18.0.0/15', 'reserved'), // benchmarking, often used internally
  ipv4Rule('198.51.100.0/24', 'reserved'), // TEST-NET-2
  ipv4Rule('203.0.113.0/24', 'reserved'), // TEST-NET-3
];

/** Classifies an IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is ignored). Throws on anything else. */
export function classifyAddress(ip: string): AddressClass {
  const address = ip.replace(/%.*$/, '');
  if (isIPv4(address)) return classifyIPv4(ipv4ToInt(address));
  if (isIPv6(address)) return classifyIPv6(ipv6Groups(address));
  throw new TypeError(`Cannot classify "${ip}": not an IPv4 or IPv6 address`);
}

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Validates a webhook URL for registration: WHATWG-valid, http or https, and (unless private networks are
 * allowed) resolving only to public addresses. Deliveries check again at connect time, as DNS can change.
 */
export async function checkWebhookUrl(url: string, policy: NetworkPolicy): Promise<WebhookUrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `"${url}" is not a valid URL.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return {
      ok: false,
      reason: `Webhook URLs must use http or https, not "${parsed.protocol.slice(0, -1)}".`,
    };
  }
  // Resolving only serves the address check; skipping it keeps offline development working.
  if (policy.allowPrivateNetworks) return { ok: true, url: parsed };

  let addresses: LookupAddress[];
  try {
    addresses = await resolve(parsed.hostname, policy.lookup ?? dns.lookup);
  } catch (error) {
    return { ok: false, reason: `${errorMessage(error)}.` };
  }
  const refused = findRefused(addresses);
  if (refused)
    return { ok: false, reason: `Webhook URL refused: ${describeRefusal(parsed.hostname, ...refused)}.` };
  return { ok: true, url: parsed };
}

export interface GuardedConnectorOptions extends NetworkPolicy {
  connectTimeoutMs: number;
}

/**
 * An undici `connect` function that resolves the host once, checks every address, and connects to the
 * checked address itself, so a DNS answer that changes between check and connect (rebinding) cannot reach a
 * private address. TLS still uses the hostname for SNI and certificate checks; the Host header is untouched.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeoutMs });
  const lookup = options.lookup ?? dns.lookup;

  const resolveAllowed = async (hostname: string) => {
    const addresses = await resolve(hostname, lookup);
    const refused = options.allowPrivateNetworks ? undefined : findRefused(addresses);
    if (refused) throw new BlockedDestinationError(hostname, ...refused);
    return addresses;
  };

  return (target, callback) => {
    // An IP literal is not a valid TLS server name; undici passes null when none was configured.
    const servername = target.servername ?? (isIP(target.hostname) === 0 ? target.hostname : undefined);
    // Try each checked address in turn, as net.connect does for a hostname.
    const attempt = (address: LookupAddress, remaining: LookupAddress[]): void => {
      connect({ ...target, hostname: address.address, servername }, (...result) => {
        const [next, ...rest] = remaining;
        if (result[0] && next) attempt(next, rest);
        else callback(...result);
      });
    };
    resolveAllowed(target.hostname).then(
      ([first, ...rest]) => attempt(first, rest),
      (error: Error) => callback(error, null),
    );
  };
}

/** The addresses of a host; an IP literal (bracketed or not) is its own address. */
async function resolve(
  hostname: string,
  lookup: AddressLookup,
): Promise<[LookupAddress, ...LookupAddress[]]> {
  const literal = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const family = isIP(literal);
  if (family !== 0) return [{ address: literal, family }];

  let addresses: LookupAddress[];
  try {
    addresses = await lookup(hostname, { all: true });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw resolveError(hostname, errorMessage(error), typeof code === 'string' ? code : 'ENOTFOUND', error);
  }
  const [first, ...rest] = addresses;
  if (!first) throw resolveError(hostname, 'no addresses', 'ENOTFOUND');
  return [first, ...rest];
}

function resolveError(hostname: string, detail: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(`Could not resolve ${hostname}: ${detail}`, { cause }), { code });
}

/** The first address outside the public internet, with its class. */
function findRefused(addresses: LookupAddress[]): [address: string, addressClass: AddressClass] | undefined {
  for (const { address } of addresses) {
    const addressClass = classifyAddress(address);
    if (addressClass !== 'public') return [address, addressClass];
  }
  return undefined;
}

function describeRefusal(host: string, address: string, addressClass: AddressClass): string {
  const isLiteral = host === address || host === `[${address}]`;
  const what = isLiteral
    ? `${address} is ${DESCRIPTIONS[addressClass]}`
    : `${host} resolves to ${address}, ${DESCRIPTIONS[addressClass]}`;
  return `${what}, and private network destinations are not allowed`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface IPv4Rule {
  network: number;
  mask: number;
  addressClass: AddressClass;
}

function ipv4Rule(cidr: string, addressClass: AddressClass): IPv4Rule {
  const [base = '', prefix = '32'] = cidr.split('/');
  const mask = (~0 << (32 - Number(prefix))) >>> 0;
  return { network: (ipv4ToInt(base) & mask) >>> 0, mask, addressClass };
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
}

function classifyIPv4(value: number): AddressClass {
  const rule = IPV4_RULES.find(({ network, mask }) => (value & mask) >>> 0 === network);
  return rule ? rule.addressClass : 'public';
}

/** The eight 16-bit groups of a valid IPv6 address, expanding `::` and a trailing dotted IPv4 part. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = ipv4ToInt(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

function classifyIPv6(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedIPv4 = ((g6 << 16) | g7) >>> 0;
  const zeroUpTo = (end: number) => groups.slice(0, end).every((group) => group === 0);

  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
  if (zeroUpTo(5) && g5 === 0xffff) return classifyIPv4(embeddedIPv4);
  if (g0 === 0x64 && g1 === 0xff9b && g2 + g3 + g4 + g5 === 0) return classifyIPv4(embeddedIPv4);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // local-use NAT64, 64:ff9b:1::/48
  if (g0 === 0xfd00 && g1 === 0xec2 && g2 + g3 + g4 + g5 + g6 === 0 && g7 === 0x254) {
    return 'metadata'; // AWS instance metadata over IPv6, fd00:ec2::254
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local, fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local, fec0::/10
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // 6to4 (2002::/16) tunnels to the IPv4 address in its second and third groups.
  if (g0 === 0x2002) return classifyIPv4(((g1 << 16) | g2) >>> 0);
  if (g0 === 0x2001 && (g1 === 0 || g1 === 0xdb8)) return 'reserved'; // Teredo, documentation
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'reserved'; // documentation, 3fff::/20
  // Only 2000::/3 is allocated as global unicast; the rest (IPv4-compatible ::a.b.c.d, 100::/64...) is not.
  return (g0 & 0xe000) === 0x2000 ? 'public' : 'reserved';
}
