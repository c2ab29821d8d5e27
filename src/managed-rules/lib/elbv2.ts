// ELBv2 load balancer attributes, which AWS Config records in
// supplementaryConfiguration.LoadBalancerAttributes as the DescribeLoadBalancerAttributes
// key/value list (every value a string).
import type { ItemReader } from '../define.ts';

const PATH = 'supplementaryConfiguration.LoadBalancerAttributes';

/** The balancer's attributes by key. */
export function elbv2Attributes(ci: ItemReader): Map<string, string> {
  const attrs = new Map<string, string>();
  ci.objects(PATH).forEach((a, i) => {
    if (typeof a.key !== 'string' || typeof a.value !== 'string') throw ci.malformed(`${PATH}.${i}`, 'a key/value pair of strings');
    attrs.set(a.key, a.value);
  });
  return attrs;
}

/** A boolean attribute ("true" or "false"); absent or anything else is a malformed item. */
export function elbv2Flag(ci: ItemReader, attrs: Map<string, string>, key: string): boolean {
  const v = attrs.get(key);
  if (v !== 'true' && v !== 'false') throw ci.malformed(`${PATH}[${key}]`, '"true" or "false"');
  return v === 'true';
}
