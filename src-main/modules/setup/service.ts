import type { z } from 'zod';
import type { setupInputSchema } from '../../../shared/contract/setup';
import type { IdGenerator } from '../../core/ids';
import { AppError } from '../../core/errors';
import { OfficeEntity, UserEntity, WorkstationEntity, type OfficeRow, type WorkstationRow } from '../../db/entities';
import { SYSTEM_ACTOR, type Store } from '../../db/store';
import { hashPassword } from '../auth/password';

export interface Identity {
  office: OfficeRow;
  workstation: WorkstationRow;
}

/** First run: the office, this workstation and the first administrator, all or nothing. */
export class SetupService {
  private identity: Identity | null = null;

  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
  ) {}

  async load(): Promise<Identity | null> {
    const office = await this.store.em.findOne(OfficeEntity, { where: {} });
    const workstation = office
      ? await this.store.em.findOne(WorkstationEntity, { where: { officeId: office.id } })
      : null;
    this.identity = office && workstation ? { office, workstation } : null;
    return this.identity;
  }

  get current(): Identity | null {
    return this.identity;
  }

  requireIdentity(): Identity {
    if (!this.identity) throw new AppError('not_set_up', 'The workstation is not set up yet');
    return this.identity;
  }

  async initialize(input: z.output<typeof setupInputSchema>): Promise<Identity> {
    const passwordHash = await hashPassword(input.adminPassword);
    await this.store.change(SYSTEM_ACTOR, async (tx) => {
      if ((await tx.em.count(OfficeEntity)) > 0) throw new AppError('already_set_up', 'Already set up');
      const office: OfficeRow = {
        id: this.newId(),
        code: input.officeCode,
        name: input.officeName,
        region: input.region,
        createdAt: tx.now,
      };
      const workstation: WorkstationRow = {
        id: this.newId(),
        officeId: office.id,
        code: input.workstationCode,
        createdAt: tx.now,
      };
      const admin = {
        id: this.newId(),
        username: input.adminUsername,
        displayName: input.adminDisplayName,
        role: 'administrator' as const,
        passwordHash,
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        // The administrator typed this password for themselves at set-up.
        mustChangePassword: false,
        createdAt: tx.now,
        updatedAt: tx.now,
      };
      await tx.em.insert(OfficeEntity, office);
      await tx.em.insert(WorkstationEntity, workstation);
      await tx.em.insert(UserEntity, admin);
      await tx.audit({
        action: 'setup.initialize',
        entity: 'office',
        entityId: office.id,
        after: { office, workstation },
      });
      await tx.audit({ action: 'users.create', entity: 'user', entityId: admin.id, after: admin });
    });
    return (await this.load())!;
  }
}
