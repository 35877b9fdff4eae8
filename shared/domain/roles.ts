export const ROLES = ['administrator', 'supervisor', 'clerk'] as const;
export type Role = (typeof ROLES)[number];

/** Supervisors can do what clerks do, administrators what supervisors do. */
const RANK: Record<Role, number> = { clerk: 1, supervisor: 2, administrator: 3 };

export const roleAtLeast = (role: Role, minimum: Role): boolean => RANK[role] >= RANK[minimum];
