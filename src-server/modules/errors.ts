export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A row with the same key written meanwhile, as PostgreSQL and SQLite (through TypeORM) report it. */
export function isDuplicateKey(e: unknown): boolean {
  const driver = (e as { driverError?: { code?: unknown } }).driverError;
  return driver?.code === '23505' || driver?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
