import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileReader } from './files';

/**
 * Where the sync reads the workstation's content-addressed files, in the dossier store's layout
 * `<dataDir>/files/<first two hex>/<sha256>` (the dossier area owns writing them).
 */
export const readStoredFile =
  (dataDir: string): FileReader =>
  (sha256) => {
    if (dataDir === ':memory:' || !/^[0-9a-f]{64}$/.test(sha256)) return null;
    try {
      return readFileSync(join(dataDir, 'files', sha256.slice(0, 2), sha256));
    } catch {
      return null;
    }
  };
