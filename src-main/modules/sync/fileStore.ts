import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileReader } from './files';

/**
 * Where the sync reads the workstation's content-addressed files: `<dataDir>/files/<sha256>`.
 * The dossier area owns writing them; this is the one place to change if its layout differs.
 */
export const readStoredFile =
  (dataDir: string): FileReader =>
  (sha256) => {
    if (dataDir === ':memory:' || !/^[0-9a-f]{64}$/.test(sha256)) return null;
    try {
      return readFileSync(join(dataDir, 'files', sha256));
    } catch {
      return null;
    }
  };
