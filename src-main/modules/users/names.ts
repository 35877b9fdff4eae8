import type { EntityManager } from 'typeorm';

/**
 * Records keep who by their login, for the audit; what clerks and supervisors read (documents,
 * screens, exports) is the person's display name (« Le nom qui apparaît sur les reçus »), read
 * when it shows: a renamed user shows under the new name, a disabled one still under theirs. A
 * login this workstation has no account for shows as it is.
 */
export async function displayNames(em: EntityManager): Promise<(username: string) => string> {
  const rows = (await em.query(`SELECT username, display_name AS displayName FROM user`)) as {
    username: string;
    displayName: string;
  }[];
  const names = new Map(rows.map((r) => [r.username, r.displayName]));
  return (username) => names.get(username) ?? username;
}
