import { afterAll, beforeAll } from 'vitest';

/**
 * Runs this test file's process on another time zone (Node applies a change of TZ at once), and
 * puts the old one back after: an office far from UTC, where a time left in UTC shows.
 */
export function inTimeZone(zone: string): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}
