// Paths and key files from the command line. Apart from common.ts so that the commands that need
// nothing else from it (trend, diff) do not load the catalog with it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expandHome } from '../config/index.ts';
import { UsageError } from './exit.ts';

export function resolvePath(p: string): string {
  return path.resolve(expandHome(p));
}

/** The public key file an auditor passes to check signatures, read as text; a bad path is a usage error. */
export async function readPublicKey(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key ${file}: ${(err as Error).message}`);
  }
}
