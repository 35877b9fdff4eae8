import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestApp } from './app';

/** Exports a USB bundle and saves it in the app's folder as the transfer page does, chunk by chunk. */
export async function exportBundleTo(t: TestApp, name = 'a.bundle') {
  const summary = await t.must('transfer.exportBundle', {});
  const parts: Buffer[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const chunk: { base64: string; next: number | null } = await t.must('transfer.readChunk', {
      exportId: summary.exportId,
      offset,
    });
    parts.push(Buffer.from(chunk.base64, 'base64'));
    offset = chunk.next;
  }
  const path = join(t.dir, name);
  writeFileSync(path, Buffer.concat(parts));
  expect(Buffer.concat(parts).length).toBe(summary.size);
  return { path, summary };
}
