import { EntitySchema } from 'typeorm';
import type { Role } from '../../shared/domain/roles';

/*
 * EntitySchema instead of decorators: esbuild and Vitest emit no decorator metadata,
 * and a plain schema keeps the row types obvious. Column types are always explicit.
 */

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  region: string;
  createdAt: string;
}
export const OfficeEntity = new EntitySchema<OfficeRow>({
  name: 'office',
  columns: {
    id: { type: 'text', primary: true },
    code: { type: 'text' },
    name: { type: 'text' },
    region: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface WorkstationRow {
  id: string;
  officeId: string;
  code: string;
  createdAt: string;
}
export const WorkstationEntity = new EntitySchema<WorkstationRow>({
  name: 'workstation',
  columns: {
    id: { type: 'text', primary: true },
    officeId: { type: 'text', name: 'office_id' },
    code: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  /** Set by an administrator's password (new account, reset), cleared when the user picks their own. */
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}
export const UserEntity = new EntitySchema<UserRow>({
  name: 'user',
  columns: {
    id: { type: 'text', primary: true },
    username: { type: 'text' },
    displayName: { type: 'text', name: 'display_name' },
    role: { type: 'text' },
    passwordHash: { type: 'text', name: 'password_hash' },
    disabled: { type: 'boolean' },
    failedLogins: { type: 'integer', name: 'failed_logins' },
    lockedUntil: { type: 'text', name: 'locked_until', nullable: true },
    mustChangePassword: { type: 'boolean', name: 'must_change_password', default: false },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface SettingRow {
  key: string;
  valueJson: string;
  updatedAt: string;
}
export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'setting',
  columns: {
    key: { type: 'text', primary: true },
    valueJson: { type: 'text', name: 'value_json' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export const entities = [OfficeEntity, WorkstationEntity, UserEntity, SettingEntity];
