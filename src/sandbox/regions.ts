// The AWS Regions a sandbox may model: a typo ("us-esat-1") is refused with the list, rather
// than serving a region no AWS client would ever reach.
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
  'us-gov-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1',
] as const;

const KNOWN = new Set<string>(AWS_REGIONS);

export function isAwsRegion(name: string): boolean {
  return KNOWN.has(name);
}

/** Why a name is not an AWS Region, or undefined when it is one. */
export function regionProblem(name: string): string | undefined {
  if (KNOWN.has(name)) return undefined;
  return `${JSON.stringify(name)} is not an AWS Region (known: ${AWS_REGIONS.join(', ')})`;
}
