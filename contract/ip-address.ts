/**
 * Client addresses as rate limits and login locks count them, shared by the edge (its gateway
 * limits) and the origin (staff login, and what the edge forwards): IPv4 as is, IPv6 by its /64,
 * the block one subscriber usually holds, so rotating addresses inside it buys no fresh bucket.
 * Pure: no runtime API.
 */

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/i;

/**
 * The address to count `raw` under: an IPv4 address (also from its IPv4-mapped IPv6 form, as
 * dual-stack sockets report it), an IPv6 `/64` (also from that `/64` itself), or null for
 * anything else (never a bucket name chosen by the caller).
 */
export function normaliseIp(raw: string): string | null {
  // A /64 the edge already counted by comes back as itself.
  const ip = raw.trim().replace(/(:[0-9a-f]*)\/64$/i, '$1');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (IPV4.test(ip)) return ip;
  if (ip.includes(':') && IPV6.test(ip)) return ipv6Prefix64(ip);
  return null;
}

/** `2001:db8:1:2:…` → `2001:db8:1:2::/64`, or null when it is not a valid IPv6 address. */
export function ipv6Prefix64(ip: string): string | null {
  const [head = '', tail, extra] = ip.toLowerCase().split('::');
  if (extra !== undefined) return null;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups; it only matters past the /64.
  const count = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - count(left) - count(right);
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(Math.max(0, tail === undefined ? 0 : missing)).fill('0'), ...right];
  const prefix = groups.slice(0, 4);
  if (prefix.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${prefix.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
