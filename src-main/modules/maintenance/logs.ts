import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '../../core/logger';

const MAX_BYTES = 1_000_000;
const KEEP = 5;
const dir = (dataDir: string) => join(dataDir, 'logs');
const file = (dataDir: string, i: number) => join(dir(dataDir), i ? `guichet.${i}.log` : 'guichet.log');

/** guichet.log → guichet.1.log → … → guichet.5.log (dropped): a week of busy counter fits. */
function rotate(dataDir: string) {
  rmSync(file(dataDir, KEEP), { force: true });
  for (let i = KEEP - 1; i >= 0; i--)
    if (existsSync(file(dataDir, i))) renameSync(file(dataDir, i), file(dataDir, i + 1));
}

/**
 * JSON lines in the data directory, also echoed to stderr. Appends are synchronous so the line
 * that explains a crash is on disk before the crash. The logger itself redacts secret keys.
 */
export function createFileLogger(dataDir: string, echo = true): Logger {
  mkdirSync(dir(dataDir), { recursive: true });
  return createLogger((line) => {
    try {
      if (existsSync(file(dataDir, 0)) && statSync(file(dataDir, 0)).size > MAX_BYTES) rotate(dataDir);
      appendFileSync(file(dataDir, 0), line + '\n');
    } catch {
      // A full disk must not stop the counter because of a log line.
    }
    if (echo) process.stderr.write(line + '\n');
  });
}

/** Oldest first, for support. */
export function readLogs(dataDir: string): Buffer {
  const parts: Buffer[] = [];
  for (let i = KEEP; i >= 0; i--) if (existsSync(file(dataDir, i))) parts.push(readFileSync(file(dataDir, i)));
  return Buffer.concat(parts);
}
