import type { useI18n } from 'vue-i18n';
import type { SyncStatus } from '../../shared/contract/sync';

type Translate = ReturnType<typeof useI18n>['t'];
export type HqReachState = 'never' | 'on' | 'error' | 'off';

/**
 * The status bar's word on headquarters, from the last sync run: no answer at all (« injoignable »)
 * outweighs server errors (« en erreur »: HQ answers, but 500 or 503, so nothing goes through),
 * each said from the first of the runs in a row, with the time today and the date on another day.
 */
export function hqReach(
  status: Pick<SyncStatus, 'lastAttemptAt' | 'unreachableSince' | 'hqErrorSince'> | null,
  t: Translate,
  format: { date: (iso: string) => string; time: (iso: string) => string },
  now: string,
): { state: HqReachState; text: string } {
  if (!status?.lastAttemptAt) return { state: 'never', text: t('shell.hqNever') };
  const [state, key, since] = status.unreachableSince
    ? (['off', 'hqUnreachable', status.unreachableSince] as const)
    : status.hqErrorSince
      ? (['error', 'hqError', status.hqErrorSince] as const)
      : (['on', null, null] as const);
  if (!key) return { state, text: t('shell.hqReachable') };
  return format.date(since) === format.date(now)
    ? { state, text: t(`shell.${key}Today`, { time: format.time(since) }) }
    : { state, text: t(`shell.${key}`, { date: format.date(since) }) };
}
