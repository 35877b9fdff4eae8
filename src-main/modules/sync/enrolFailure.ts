import { AppError } from '../../core/errors';
import { HqUnavailable } from './client';

/**
 * Why an enrolment failed, said at the field the administrator acts on. Whatever answered at the
 * address is told apart from nothing answering: a server error is HQ's trouble (wait, or warn HQ),
 * an answer that is not an HQ's (a web page, a refusal without HQ's code) is a wrong address.
 */
export function enrolFailure(
  e: unknown,
  where: { office: string; workstation: string },
  timeoutSeconds: number,
): AppError {
  if (!(e instanceof HqUnavailable))
    return new AppError('conflict', 'Headquarters unreachable', { serverUrl: { code: 'hq_unreachable' } });
  // HQ's own refusals carry its code; a web server's 404 at the wrong address carries none.
  if (e.kind === 'refused' && e.code) {
    // Another machine holds this workstation code at HQ: the sentence names the office and the code.
    const params: Record<string, string> = e.code === 'workstation_active' ? { ...where } : {};
    return new AppError('invalid_input', e.message, { code: { code: e.code, params } });
  }
  if (e.kind === 'network')
    return e.code === 'timeout'
      ? // Connected, but nothing within the time: another sentence than an address nobody answers at.
        new AppError('conflict', 'Headquarters did not answer in time', {
          serverUrl: { code: 'hq_timeout', params: { seconds: timeoutSeconds } },
        })
      : new AppError('conflict', 'Headquarters unreachable', { serverUrl: { code: 'hq_unreachable' } });
  // Asked to wait (HQ limits how often a machine calls): not trouble to report, only a pause.
  if (e.kind === 'server' && e.status === 429)
    return new AppError('conflict', 'Headquarters asked to wait', {
      serverUrl:
        // Retry-After 0 is « now »: a moment reads better than « in 0 seconds ».
        e.retryAfterSeconds
          ? { code: 'hq_rate_limited', params: { count: e.retryAfterSeconds } }
          : { code: 'hq_rate_limited_later' },
    });
  // A 5xx: HQ is there and in trouble.
  if (e.kind === 'server' && e.status !== null && e.status >= 500)
    return new AppError('conflict', `Headquarters answered ${e.status}`, {
      serverUrl: { code: 'hq_server_error', params: { status: e.status } },
    });
  // An answer HQ's schema does not read, a 401 (/enrol asks no token) or a refusal without HQ's code.
  return new AppError('conflict', 'Not a Guichet headquarters', { serverUrl: { code: 'hq_not_guichet' } });
}
