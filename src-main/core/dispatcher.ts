import type { Contract } from '../../shared/contract/channel';
import { fail, ok, type Result } from '../../shared/contract/result';
import { roleAtLeast, type Role } from '../../shared/domain/roles';
import type { Logger } from './logger';
import { AppError } from './errors';
import type { CallContext, Handlers } from './registry';
import { fieldsFromZod } from '../../shared/contract/validation';
import type { SessionGate } from '../modules/auth/sessions';
import { settledWithin } from './settled';

export type Dispatch = (channel: string, input: unknown, sessionToken: string | null) => Promise<Result<unknown>>;

/**
 * The single door into src-main, shared by IPC and HTTP: parse the input with the channel's
 * schema, check the session and role, run the handler, and return a Result — never throw.
 * The output is parsed too, which strips anything the schema does not name (a hash, a token).
 */
export function createDispatcher<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  sessions: SessionGate,
  logger: Logger,
): Dispatch {
  return async (name, rawInput, sessionToken) => {
    if (!Object.hasOwn(contract, name)) {
      return fail({ code: 'unknown_channel', message: `Unknown channel ${name}` });
    }
    const channel = contract[name]!;
    const parsed = channel.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail({ code: 'invalid_input', message: 'Invalid input', fields: fieldsFromZod(parsed.error) });
    }
    try {
      let session = null;
      if (channel.access !== 'public') {
        session = sessions.require(sessionToken);
        if (session.mustChangePassword && !channel.beforePasswordChange)
          throw new AppError('password_change_required', 'Choose your own password first');
        if (channel.access !== 'session' && !allowed(session.role, channel.access)) {
          logger.warn('forbidden', { channel: name, userId: session.userId });
          throw new AppError('forbidden', `Role ${session.role} may not call ${name}`);
        }
      }
      const ctx: CallContext = { session, sessionToken };
      const value = await (handlers[name] as (i: unknown, c: CallContext) => unknown)(parsed.data, ctx);
      const out = channel.output.safeParse(value);
      if (!out.success) {
        logger.error('output does not match contract', { channel: name, issues: out.error.issues.length });
        return fail({ code: 'internal', message: 'Internal error' });
      }
      return ok(out.data);
    } catch (e) {
      if (e instanceof AppError) return fail(e.toShape());
      // A full disk is the office's to fix, not a bug: the transaction rolled back, say so plainly.
      if (isStorageFull(e)) {
        logger.error('storage full', { channel: name });
        return fail({ code: 'storage_full', message: 'Disk or database full' });
      }
      logger.error('handler failed', { channel: name, error: e instanceof Error ? e.message : String(e) });
      return fail({ code: 'internal', message: 'Internal error' });
    }
  };
}

const allowed = (role: Role, roles: readonly Role[]) => roles.some((r) => roleAtLeast(role, r));

const isStorageFull = (e: unknown) => {
  const code = (e as { code?: string } | null)?.code ?? '';
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || /SQLITE_FULL|database or disk is full/.test(String(e));
};

/**
 * The door, closable: once `close` is called new calls are refused, and `close` resolves when the
 * calls already running have ended (at most `waitMs`). So a draft sent as its window closed is
 * written before the database is, instead of failing half-way through its transaction.
 */
export function closableDispatch(dispatch: Dispatch, waitMs: number) {
  const running = new Set<Promise<Result<unknown>>>();
  let closed = false;
  const guarded: Dispatch = (name, input, sessionToken) => {
    if (closed) return Promise.resolve(fail({ code: 'internal', message: 'Guichet is closing' }));
    const call = dispatch(name, input, sessionToken);
    running.add(call);
    void call.finally(() => running.delete(call));
    return call;
  };
  const close = async () => {
    closed = true;
    await settledWithin([...running], waitMs);
  };
  return { dispatch: guarded, close };
}
