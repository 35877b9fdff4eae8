import { Worker } from 'node:worker_threads';
import { sqliteDriverPath } from '../../db/driverPath';

/**
 * Plain CommonJS for the worker, so nothing has to be bundled for it: it loads the driver from the
 * path the main thread resolved and reads the file on a read-only connection of its own.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  db = new (require(workerData.driver))(workerData.file, { readonly: true, fileMustExist: true });
  const detail = db.pragma('quick_check').map((r) => Object.values(r)[0]).join('; ');
  parentPort.postMessage({ verdict: detail === 'ok' ? 'ok' : 'damaged', detail });
} catch (e) {
  parentPort.postMessage({ verdict: 'error', detail: String((e && e.message) || e), code: e && e.code });
} finally {
  if (db) db.close();
}
`;

export interface QuickCheckResult {
  /** `error`: SQLite refused before checking; the code says whether for a damaged file. */
  verdict: 'ok' | 'damaged' | 'error';
  detail: string;
  code?: string;
}

export interface QuickCheckRun {
  result: Promise<QuickCheckResult>;
  /** Resolves once the thread is gone (after the running pragma returns: SQLite cannot be interrupted from here). */
  cancel(): Promise<void>;
}

/**
 * SQLite's quick_check on a worker thread. It reads every page (2.3 s for a season's 1.5 GB with a
 * warm cache, several times that from a cold disk) in one call that cannot yield, so on the main
 * thread it would freeze every window and request for that long.
 */
export function quickCheckOffThread(file: string): QuickCheckRun {
  const worker = new Worker(SOURCE, { eval: true, workerData: { driver: sqliteDriverPath(), file } });
  const result = new Promise<QuickCheckResult>((resolve, reject) => {
    worker.once('message', (m: QuickCheckResult) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`quick_check worker exited (${code})`)));
  });
  return {
    result,
    cancel: async () => {
      await worker.terminate();
    },
  };
}
