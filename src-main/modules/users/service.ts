import type { z } from 'zod';
import type { createUserInputSchema, UserListItem, UserSummary } from '../../../shared/contract/users';
import type { IdGenerator } from '../../core/ids';
import { AppError, fieldError } from '../../core/errors';
import { UserEntity, type UserRow } from '../../db/entities';
import type { Actor, Store } from '../../db/store';
import { hashPassword } from '../auth/password';
import type { SessionStore } from '../auth/sessions';
import type { AuditAction } from '../../../shared/domain/auditActions';
import { passwordHasUsername } from '../../../shared/domain/accounts';

const summary = (u: UserRow): UserSummary => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: Boolean(u.disabled),
  lockedUntil: u.lockedUntil,
  mustChangePassword: Boolean(u.mustChangePassword),
  createdAt: u.createdAt,
});

export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionStore,
    private readonly newId: IdGenerator,
  ) {}

  /** With each account's last sign-in, from the audit trail that records every one: a dormant account shows. */
  async list(): Promise<UserListItem[]> {
    const [users, logins] = await Promise.all([
      this.store.em.find(UserEntity, { order: { username: 'ASC' } }),
      this.store.em.query(
        `SELECT entity_id AS id, MAX(at) AS at FROM audit_log WHERE entity = 'user' AND action = 'auth.login'
           GROUP BY entity_id`,
      ) as Promise<{ id: string; at: string }[]>,
    ]);
    const last = new Map(logins.map((l) => [l.id, l.at]));
    return users.map((u) => ({ ...summary(u), lastLoginAt: last.get(u.id) ?? null }));
  }

  async create(actor: Actor, input: z.output<typeof createUserInputSchema>): Promise<UserSummary> {
    const passwordHash = await hashPassword(input.password);
    return this.store.change(actor, async (tx) => {
      if (await tx.em.findOne(UserEntity, { where: { username: input.username } }))
        throw fieldError('username', 'username_taken', 'User name already taken');
      const user: UserRow = {
        id: this.newId(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        mustChangePassword: true,
        createdAt: tx.now,
        updatedAt: tx.now,
      };
      await tx.em.insert(UserEntity, user);
      await tx.audit({ action: 'users.create', entity: 'user', entityId: user.id, after: summary(user) });
      return summary(user);
    });
  }

  /**
   * A role change takes effect at the user's next sign-in: their sessions close, so no screen or
   * session keeps the old role. A new display name shows at once in the sessions open.
   */
  async update(actor: Actor, userId: string, change: Pick<UserRow, 'displayName' | 'role'>): Promise<UserSummary> {
    const { before, after } = await this.patch(actor, userId, 'users.update', (row) => {
      // An office must not lose its administrator by a slip of the one signed in.
      if (actor.id === userId && change.role !== row.role)
        throw fieldError('role', 'own_role', 'You cannot change your own role');
      return change;
    });
    if (after.role !== before.role) this.sessions.closeForUser(userId);
    else this.sessions.renameUser(userId, after.displayName);
    return after;
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<UserSummary> {
    if (actor.id === userId && disabled) throw new AppError('forbidden', 'You cannot disable your own account');
    const { after } = await this.patch(actor, userId, 'users.setDisabled', { disabled });
    if (disabled) this.sessions.closeForUser(userId);
    return after;
  }

  async resetPassword(actor: Actor, userId: string, password: string): Promise<UserSummary> {
    // A reset skips the current password and makes the new one provisional: one's own goes through « Mon mot de passe ».
    if (actor.id === userId) throw fieldError('password', 'own_password_reset', 'Change your own password instead');
    const passwordHash = await hashPassword(password);
    // Checked against the account as the transaction reads it, the one row the reset changes.
    const { after } = await this.patch(actor, userId, 'users.resetPassword', (before) => {
      if (passwordHasUsername(password, before.username))
        throw fieldError('password', 'password_has_username', 'Password contains the user name');
      return { passwordHash, failedLogins: 0, lockedUntil: null, mustChangePassword: true };
    });
    this.sessions.closeForUser(userId);
    return after;
  }

  /** One account changed in one transaction, audited with its summaries before and after. */
  private patch(
    actor: Actor,
    userId: string,
    action: AuditAction,
    patch: Partial<UserRow> | ((before: UserRow) => Partial<UserRow>),
  ): Promise<{ before: UserSummary; after: UserSummary }> {
    return this.store.change(actor, async (tx) => {
      const before = await tx.em.findOneBy(UserEntity, { id: userId });
      if (!before) throw new AppError('not_found', 'No such user');
      const changes = typeof patch === 'function' ? patch(before) : patch;
      const after = { ...before, ...changes, updatedAt: tx.now };
      await tx.em.update(UserEntity, userId, { ...changes, updatedAt: tx.now });
      const summaries = { before: summary(before), after: summary(after) };
      await tx.audit({ action, entity: 'user', entityId: userId, ...summaries });
      return summaries;
    });
  }
}
