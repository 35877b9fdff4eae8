import type { z } from 'zod';
import type { createUserInputSchema, UserSummary } from '../../../shared/contract/users';
import type { IdGenerator } from '../../core/ids';
import { AppError, fieldError } from '../../core/errors';
import { UserEntity, type UserRow } from '../../db/entities';
import type { Actor, Store } from '../../db/store';
import { hashPassword } from '../auth/password';
import type { SessionStore } from '../auth/sessions';
import type { AuditAction } from '../../../shared/domain/auditActions';

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

  async list(): Promise<UserSummary[]> {
    return (await this.store.em.find(UserEntity, { order: { username: 'ASC' } })).map(summary);
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

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<UserSummary> {
    if (actor.id === userId && disabled) throw new AppError('forbidden', 'You cannot disable your own account');
    const result = await this.update(actor, userId, 'users.setDisabled', { disabled });
    if (disabled) this.sessions.closeForUser(userId);
    return result;
  }

  async resetPassword(actor: Actor, userId: string, password: string): Promise<UserSummary> {
    const passwordHash = await hashPassword(password);
    const result = await this.update(actor, userId, 'users.resetPassword', {
      passwordHash,
      failedLogins: 0,
      lockedUntil: null,
      mustChangePassword: true,
    });
    this.sessions.closeForUser(userId);
    return result;
  }

  private update(actor: Actor, userId: string, action: AuditAction, patch: Partial<UserRow>): Promise<UserSummary> {
    return this.store.change(actor, async (tx) => {
      const before = await tx.em.findOneBy(UserEntity, { id: userId });
      if (!before) throw new AppError('not_found', 'No such user');
      const after = { ...before, ...patch, updatedAt: tx.now };
      await tx.em.update(UserEntity, userId, { ...patch, updatedAt: tx.now });
      await tx.audit({ action, entity: 'user', entityId: userId, before: summary(before), after: summary(after) });
      return summary(after);
    });
  }
}
