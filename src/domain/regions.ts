// AWS Region names: the ones this release knows, and the shape any name must have before it may
// name a store object. The known list is the AWS SDK's partition table (@aws-sdk/core's
// partitions, every partition's "regions" keys); a Region AWS opens later needs a newer release.
export const KNOWN_REGIONS: readonly string[] = [
  // aws
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  // aws-cn, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov
  'cn-north-1', 'cn-northwest-1', 'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'eu-isoe-west-1', 'us-isof-east-1', 'us-isof-south-1',
  'us-gov-east-1', 'us-gov-west-1',
];

const KNOWN = new Set(KNOWN_REGIONS);

/** The shape of a Region name ("us-east-1", "us-gov-west-1", "eusc-de-east-1"): lowercase words and a number. */
export const REGION_NAME = /^[a-z]{2,4}(-[a-z]{2,12}){1,3}-\d{1,2}$/;

/** Why a name from the user is not a Region this release knows, or undefined when it is one. */
export function unknownRegionProblem(name: string): string | undefined {
  if (KNOWN.has(name)) return undefined;
  const near = KNOWN_REGIONS.filter((r) => r.split('-')[0] === name.split('-')[0]);
  return `${JSON.stringify(name)} is not an AWS Region this release knows${near.length > 0 ? ` (did you mean one of ${near.join(', ')}?)` : ` (known: ${KNOWN_REGIONS.join(', ')})`}`;
}

/**
 * Where the partition records global-service events (IAM, STS, console sign-ins at the global
 * endpoint) in CloudTrail's event history: since November 2021 LookupEvents shows them only there.
 */
export function globalEventsRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region.startsWith('cn-')) return 'cn-north-1';
  return 'us-east-1';
}

/** Whether a Region name returned by AWS has a Region's shape, so it may name a store object. */
export function isRegionName(name: unknown): name is string {
  return typeof name === 'string' && REGION_NAME.test(name);
}

/** Whether an account id returned by AWS is 12 digits, so it may name a store object. */
export function isAccountId(id: unknown): id is string {
  return typeof id === 'string' && /^\d{12}$/.test(id);
}

/** A value from AWS quoted for a message, cut short: it may be long or hostile. */
export function quoteShort(value: unknown, max = 80): string {
  const s = JSON.stringify(typeof value === 'string' ? value : String(value));
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
