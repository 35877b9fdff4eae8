import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for a whole test run, removed at its end. Tests, the apps and servers they
 * spawn, and the tools they call (pdftoppm, qpdf) all write below os.tmpdir(): pointing TMPDIR here,
 * before any worker starts, keeps a developer's /tmp from filling up run after run.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'guichet-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
