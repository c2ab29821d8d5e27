// Reading a security group's ingress rules as its configuration item records them.
import type { ItemReader } from '../define.ts';

export interface IngressRule {
  protocol: string;
  /** -1 when every port (protocol "-1"). */
  fromPort: number;
  toPort: number;
  ipv4: string[];
  ipv6: string[];
  /** Source security groups and prefix lists: not open to the internet by themselves. */
  otherSources: number;
}

export const OPEN_IPV4 = '0.0.0.0/0';
export const OPEN_IPV6 = '::/0';

export function ingressRules(ci: ItemReader, path = 'configuration.ipPermissions'): IngressRule[] {
  return ci.objects(path).map((p, i) => {
    const at = `${path}.${i}`;
    const protocol = p.ipProtocol;
    if (typeof protocol !== 'string') throw ci.malformed(`${at}.ipProtocol`, 'a string');
    const all = protocol === '-1';
    const port = (name: 'fromPort' | 'toPort'): number => {
      const v = p[name];
      if (v === undefined || v === null) {
        if (all) return -1;
        throw ci.malformed(`${at}.${name}`, 'a number');
      }
      if (typeof v !== 'number') throw ci.malformed(`${at}.${name}`, 'a number');
      return v;
    };
    const cidrs = (list: string, key: string): string[] => {
      const v = p[list];
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v)) throw ci.malformed(`${at}.${list}`, 'an array');
      return v.map((r, j) => {
        const c = r !== null && typeof r === 'object' ? (r as Record<string, unknown>)[key] : undefined;
        if (typeof c !== 'string') throw ci.malformed(`${at}.${list}.${j}.${key}`, 'a string');
        return c;
      });
    };
    const count = (list: string): number => (Array.isArray(p[list]) ? (p[list] as unknown[]).length : 0);
    return {
      protocol,
      fromPort: port('fromPort'),
      toPort: port('toPort'),
      ipv4: cidrs('ipv4Ranges', 'cidrIp'),
      ipv6: cidrs('ipv6Ranges', 'cidrIpv6'),
      otherSources: count('userIdGroupPairs') + count('prefixListIds'),
    };
  });
}

export function openToInternet(r: IngressRule): boolean {
  return r.ipv4.includes(OPEN_IPV4) || r.ipv6.includes(OPEN_IPV6);
}

/** Whether the rule admits TCP traffic to this port (protocol -1 admits every port). */
export function coversTcpPort(r: IngressRule, port: number): boolean {
  if (r.protocol === '-1') return true;
  if (r.protocol !== 'tcp' && r.protocol !== '6') return false;
  return r.fromPort <= port && port <= r.toPort;
}

export function describeRule(r: IngressRule): string {
  const ports = r.protocol === '-1' ? 'all traffic' : r.fromPort === r.toPort ? `${r.protocol} ${r.fromPort}` : `${r.protocol} ${r.fromPort}-${r.toPort}`;
  return `${ports} from ${[...r.ipv4, ...r.ipv6].filter((c) => c === OPEN_IPV4 || c === OPEN_IPV6).join(', ')}`;
}
