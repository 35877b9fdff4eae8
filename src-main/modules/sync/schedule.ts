/** Every five minutes unless GUICHET_SYNC_MINUTES says otherwise. */
const DEFAULT_MINUTES = 5;
/** A day: beyond Node's 32-bit timer limit (24.8 days) a timer fires every millisecond instead. */
const MAX_MINUTES = 24 * 60;

export interface AutoSync {
  /** Null: no automatic sync. */
  everyMs: number | null;
  warning: string | null;
}

/**
 * How often the workstation syncs on its own, from GUICHET_SYNC_MINUTES: whole or decimal minutes
 * from 1 to 1,440, or `0` / `off` for never (the clerk's « Synchroniser maintenant » still works).
 * A value outside that (a typo, 100000) falls back to the default with a warning: NaN or an
 * overflow would have become a 1 ms interval, a sync run without pause.
 */
export function autoSyncFrom(raw: string | undefined): AutoSync {
  const text = raw?.trim().toLowerCase() ?? '';
  if (text === '') return { everyMs: DEFAULT_MINUTES * 60_000, warning: null };
  if (text === '0' || text === 'off') return { everyMs: null, warning: null };
  const minutes = Number(text);
  if (Number.isFinite(minutes) && minutes >= 1 && minutes <= MAX_MINUTES)
    return { everyMs: Math.round(minutes * 60_000), warning: null };
  return {
    everyMs: DEFAULT_MINUTES * 60_000,
    warning: `GUICHET_SYNC_MINUTES=${raw} ignoré : attendu un nombre de minutes de 1 à ${MAX_MINUTES}, ou 0 pour ne jamais synchroniser seul. Synchronisation toutes les ${DEFAULT_MINUTES} minutes.`,
  };
}

/** Starts the automatic sync as GUICHET_SYNC_MINUTES asks, saying why when it ignores the value. */
export function startAutoSync(
  sync: { startAuto(everyMs: number): unknown },
  raw: string | undefined,
  warn: (message: string) => void,
): void {
  const { everyMs, warning } = autoSyncFrom(raw);
  if (warning) warn(warning);
  if (everyMs !== null) sync.startAuto(everyMs);
}
