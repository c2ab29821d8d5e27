// S3 bucket settings kept in a bucket's supplementary configuration.
import type { ItemReader } from '../define.ts';

/** The default-encryption algorithms of the bucket's encryption rules (empty: none). */
export function defaultEncryptionAlgorithms(ci: ItemReader): string[] {
  const rules = ci.objects('supplementaryConfiguration.ServerSideEncryptionConfiguration.rules', false);
  return rules.flatMap((r, i) => {
    const d = r.applyServerSideEncryptionByDefault;
    if (d === undefined || d === null) return [];
    const alg = (d as Record<string, unknown>).sseAlgorithm;
    if (typeof alg !== 'string') throw ci.malformed(`supplementaryConfiguration.ServerSideEncryptionConfiguration.rules.${i}.applyServerSideEncryptionByDefault.sseAlgorithm`, 'a string');
    return [alg];
  });
}
