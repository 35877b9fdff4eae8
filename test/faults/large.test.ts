import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../src-main/modules/maintenance/backup';

const dir = mkdtempSync(join(tmpdir(), 'guichet-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a season-sized database file', () => {
  it('gets its backup checksum past 2 GiB, where reading it whole is refused, while the app keeps answering', async () => {
    const file = join(dir, 'big.sqlite');
    writeFileSync(file, '');
    // Sparse: 2 GiB + 1 MiB of zeros without writing them to the disk.
    truncateSync(file, 2 * 1024 ** 3 + 1024 ** 2);
    let turns = 0;
    const ticker = setInterval(() => turns++, 10);
    const digest = await sha256File(file).finally(() => clearInterval(ticker));
    // `head -c 2148532224 /dev/zero | sha256sum`
    expect(digest).toBe('f9c8466cdac8f598a9dbbe999b62b47c2745c7b7368cd6bfcee1b636368a9071');
    // The old readFileSync digest blocked the event loop for the whole file (and threw past 2 GiB).
    expect(turns).toBeGreaterThan(20);
  });
});
