import { z } from 'zod';
import { displayNameSchema, passwordSchema, passwordWithoutUsername, usernameSchema } from '../domain/accounts';
import { ROLES } from '../domain/roles';
import { channel } from './channel';

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  /** The password is one an administrator set: the user replaces it at the next sign-in. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

/** An account in the administrator's list, with its last successful sign-in (null: never used). */
export const userListItemSchema = userSummarySchema.extend({ lastLoginAt: z.string().nullable() });
export type UserListItem = z.infer<typeof userListItemSchema>;

export const createUserInputSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    role: z.enum(ROLES),
    password: passwordSchema,
  })
  .superRefine(passwordWithoutUsername('username', 'password'));
export type CreateUserInput = z.input<typeof createUserInputSchema>;

const admin = ['administrator'] as const;

export const usersContract = {
  'users.list': channel({ input: z.object({}), output: z.array(userListItemSchema), access: admin }),
  'users.create': channel({ input: createUserInputSchema, output: userSummarySchema, access: admin }),
  /** A new name on screens and documents, or another role; administrators cannot change their own role. */
  'users.update': channel({
    input: z.object({ userId: z.string().uuid(), displayName: displayNameSchema, role: z.enum(ROLES) }),
    output: userSummarySchema,
    access: admin,
  }),
  'users.setDisabled': channel({
    input: z.object({ userId: z.string().uuid(), disabled: z.boolean() }),
    output: userSummarySchema,
    access: admin,
  }),
  /** The account's user name is looked up in src-main: a password containing it is refused at `password`. */
  'users.resetPassword': channel({
    input: z.object({ userId: z.string().uuid(), password: passwordSchema }),
    output: userSummarySchema,
    access: admin,
  }),
};
