import type { SessionInfo } from '../../../shared/contract/auth';
import { LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES, passwordHasUsername } from '../../../shared/domain/accounts';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { UserEntity, type UserRow } from '../../db/entities';
import type { Store } from '../../db/store';
import type { SettingsService } from '../settings/service';
import type { SetupService } from '../setup/service';
import { hashPassword, verifyPassword } from './password';
import type { Session, SessionStore } from './sessions';

const wrongCredentials = () =>
  new AppError('invalid_credentials', 'Wrong user name or password', { password: { code: 'invalid_credentials' } });

export class AuthService {
  /** Compared against when the user name is unknown, so both cases take the same time. */
  private readonly dummyHash = hashPassword('not-a-real-password-1');

  constructor(
    private readonly store: Store,
    private readonly sessions: SessionStore,
    private readonly setup: SetupService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<SessionInfo> {
    this.setup.requireIdentity();
    const user = await this.store.em.findOne(UserEntity, { where: { username } });
    if (!user) {
      await verifyPassword(password, await this.dummyHash);
      throw wrongCredentials();
    }
    await this.checkPassword(user, password);
    // No audit row, no session: on a full disk this write fails (storage_full) and the sign-in with
    // it. A sign-in changes no record, but letting it through there would be worse: the failure
    // counters cannot be written either, so the lockout stops counting and a right password would be
    // the only one let in (an unlimited guessing oracle); the journal would lose who sat at the
    // desk; and every change the session could try fails on the same disk anyway. Space is freed
    // outside Guichet, so nobody needs a session to do it.
    await this.store.change({ id: user.id, name: user.username }, (tx) =>
      tx.audit({ action: 'auth.login', entity: 'user', entityId: user.id }),
    );
    const session = this.sessions.open({
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      mustChangePassword: Boolean(user.mustChangePassword),
    });
    return this.info(session);
  }

  /** A supervisor approving something at the counter without taking over the clerk's session; same lockout rules. */
  async verifyCredentials(username: string, password: string): Promise<UserRow> {
    const user = await this.store.em.findOne(UserEntity, { where: { username } });
    if (!user) {
      await verifyPassword(password, await this.dummyHash);
      throw new AppError('invalid_credentials', 'Wrong user name or password', {
        'supervisor.password': { code: 'invalid_credentials' },
      });
    }
    try {
      await this.checkPassword(user, password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_credentials')
        throw new AppError(e.code, e.message, { 'supervisor.password': { code: 'invalid_credentials' } });
      throw e;
    }
    return user;
  }

  async logout(token: string | null): Promise<void> {
    const s = this.sessions.find(token);
    if (!s) return;
    this.sessions.close(token);
    await this.store.change({ id: s.userId, name: s.username }, (tx) =>
      tx.audit({ action: 'auth.logout', entity: 'user', entityId: s.userId }),
    );
  }

  lock(token: string): void {
    this.sessions.lock(token);
  }

  /** Same session, same token: the page and whatever the clerk was typing survive the idle lock. */
  async unlock(token: string | null, password: string): Promise<SessionInfo> {
    const { s, user } = await this.reconfirm(token, password, 'password');
    // Journal first, as for a sign-in: on a full disk the lock screen says so, and the session stays locked.
    await this.store.change({ id: user.id, name: user.username }, (tx) =>
      tx.audit({ action: 'auth.unlock', entity: 'user', entityId: user.id }),
    );
    this.sessions.unlock(s);
    return this.info(s);
  }

  /**
   * The user's own password. The current one is checked like a login (failures count towards the
   * lockout); the user's other sessions close, as after an administrator's reset. A provisional
   * password (one an administrator set) is replaced here, which lets the session do the rest.
   */
  async changePassword(token: string, current: string, next: string): Promise<void> {
    const { s, user } = await this.reconfirm(token, current, 'currentPassword');
    if (next === current)
      throw new AppError('invalid_input', 'Same password', { newPassword: { code: 'password_unchanged' } });
    if (passwordHasUsername(next, user.username))
      throw new AppError('invalid_input', 'Password contains the user name', {
        newPassword: { code: 'password_has_username' },
      });
    const passwordHash = await hashPassword(next);
    await this.store.change({ id: user.id, name: user.username }, async (tx) => {
      await tx.em.update(UserEntity, user.id, { passwordHash, mustChangePassword: false, updatedAt: tx.now });
      await tx.audit({ action: 'auth.password_changed', entity: 'user', entityId: user.id });
    });
    s.mustChangePassword = false;
    this.sessions.closeForUser(user.id, token);
  }

  /**
   * The user of a session, after their password again (an unlock, a password change): failures
   * count towards the lockout, a wrong password is said at `field`, and a lockout signs this
   * session out, so whoever is guessing at the desk loses it.
   */
  private async reconfirm(token: string | null, password: string, field: string) {
    const s = this.sessions.find(token);
    const user = s ? await this.store.em.findOneBy(UserEntity, { id: s.userId }) : null;
    if (!s || !user) throw new AppError('unauthenticated', 'Not signed in');
    try {
      await this.checkPassword(user, password);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'invalid_credentials')
        throw new AppError(e.code, e.message, { [field]: { code: 'invalid_credentials' } });
      this.sessions.close(token);
      throw e;
    }
    return { s, user };
  }

  /** Counts failures and locks the account for a while after too many; the counters commit even though the call fails. */
  private async checkPassword(user: UserRow, password: string): Promise<void> {
    const now = this.clock.now();
    // The hash runs before any refusal: an answer that came before it (~150 ms) told a guesser
    // the account existed and was locked or disabled. Its result is not used for those.
    const matches = await verifyPassword(password, user.passwordHash);
    if (user.lockedUntil && new Date(user.lockedUntil) > now) throw this.lockedError(user.lockedUntil);
    if (user.disabled) throw new AppError('account_disabled', 'Account disabled');
    const actor = { id: user.id, name: user.username };
    if (matches) {
      if (user.failedLogins || user.lockedUntil)
        await this.store.change(actor, (tx) =>
          tx.em.update(UserEntity, user.id, { failedLogins: 0, lockedUntil: null, updatedAt: tx.now }),
        );
      return;
    }
    const failed = user.failedLogins + 1;
    const locks = failed >= LOCKOUT_ATTEMPTS;
    const lockedUntil = locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    await this.store.change(actor, async (tx) => {
      await tx.em.update(UserEntity, user.id, { failedLogins: locks ? 0 : failed, lockedUntil, updatedAt: tx.now });
      await tx.audit({ action: 'auth.login_failed', entity: 'user', entityId: user.id, after: { attempt: failed } });
      if (locks)
        await tx.audit({ action: 'auth.account_locked', entity: 'user', entityId: user.id, after: { lockedUntil } });
    });
    throw locks ? this.lockedError(lockedUntil!) : wrongCredentials();
  }

  current(token: string | null): SessionInfo | null {
    const s = this.sessions.find(token);
    return s ? this.info(s) : null;
  }

  private lockedError(until: string) {
    return new AppError('account_locked', 'Account locked after too many failed logins', undefined, { until });
  }

  private info(s: Session): SessionInfo {
    const { office, workstation } = this.setup.requireIdentity();
    return {
      token: s.token,
      user: { id: s.userId, username: s.username, displayName: s.displayName, role: s.role },
      office: { code: office.code, name: office.name, region: office.region },
      workstation: { code: workstation.code },
      idleLockMinutes: this.settings.current.idleLockMinutes,
      country: this.settings.current.officeCountry,
      locked: s.locked,
      mustChangePassword: s.mustChangePassword,
    };
  }
}
