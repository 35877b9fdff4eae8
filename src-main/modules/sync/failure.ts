import { statusFailureCode } from '../../../shared/contract/sync';
import { HqUnavailable } from './client';

/** What HQ's own error codes look like; anything else it sends is summed up by its HTTP status. */
const HQ_CODE = /^[a-z][a-z0-9_]{0,59}$/;

/**
 * Why a call to headquarters failed, as a code the sync page translates (`sync.errors.<code>`,
 * `server_<status>`, `refused_<status>`, or HQ's own code): what the outbox and the state keep.
 * Never the network library's or the server's sentence ("connect ECONNREFUSED 127.0.0.1:4010"),
 * which a clerk cannot act on and which may quote addresses; that goes to the log (failureDetail).
 */
export function failureCode(e: unknown): string {
  if (!(e instanceof HqUnavailable)) return 'internal';
  if (e.code && HQ_CODE.test(e.code)) return e.code;
  switch (e.kind) {
    case 'network':
      return 'network';
    case 'server':
      return e.status !== null && e.status >= 500
        ? statusFailureCode({ kind: 'server', status: e.status })
        : 'unexpected_answer';
    case 'auth':
      return 'token_invalid';
    case 'refused':
      return e.status !== null ? statusFailureCode({ kind: 'refused', status: e.status }) : 'refused';
  }
}

/** A token or key-like run of characters (ours are 32 random bytes in base64url). */
const SECRET = /(bearer\s+)?[A-Za-z0-9_\-+/=]{32,}/gi;

/** The raw message for support, in the log only: shortened, and without anything like a token. */
export function failureDetail(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(SECRET, '[…]').slice(0, 200);
}
