import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

type Counted = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** How often an instance clears the counts of workstations that have gone quiet. */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * One window per key, as @fastify/rate-limit's own store keeps them: opened by the first request,
 * counted until it ends. Times are the database's, so that every instance agrees on them.
 */
const INCREMENT = `
  WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms)
  INSERT INTO hq_rate_limit AS r (key_hash, window_start, hits) SELECT $1, ms, 1 FROM clock
  ON CONFLICT (key_hash) DO UPDATE SET
    hits = CASE WHEN r.window_start + $2 > excluded.window_start THEN r.hits + 1 ELSE 1 END,
    window_start = CASE WHEN r.window_start + $2 > excluded.window_start THEN r.window_start ELSE excluded.window_start END
  RETURNING hits, r.window_start + $2 - (SELECT ms FROM clock) AS ttl`;

/**
 * Requests counted in the PostgreSQL database every instance shares, so that several instances
 * behind a load balancer allow a workstation its requests a minute once, not once each. The key
 * is the request's Authorization header, a workstation's token: only its hash is written down.
 */
export function sharedRateStore(ds: DataSource): FastifyRateLimitStoreCtor {
  let prunedAt = Date.now();
  const prune = (windowMs: number) => {
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    pruneRateLimits(ds, windowMs).catch(() => undefined);
  };

  class SharedRateStore implements FastifyRateLimitStore {
    incr(key: string, done: Counted, timeWindow = 60_000): void {
      const keyHash = createHash('sha256').update(key).digest('hex');
      ds.query(INCREMENT, [keyHash, timeWindow]).then(
        ([row]: { hits: number; ttl: string | number }[]) => done(null, { current: row!.hits, ttl: Number(row!.ttl) }),
        (e: Error) => done(e),
      );
      prune(timeWindow);
    }

    // Every route has the server's one limit: a route's own options never reach the store.
    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return SharedRateStore;
}

/** Forgets the windows that ended: the next request of their key opens a new one anyway. */
export async function pruneRateLimits(ds: DataSource, windowMs: number): Promise<void> {
  await ds.query(
    `DELETE FROM hq_rate_limit WHERE window_start < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1`,
    [windowMs],
  );
}
