import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/domain/roles';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';

export interface Session {
  token: string;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  lastActivity: number;
  locked: boolean;
  /** Signed in with an administrator's password: the dispatcher lets through only its replacement. */
  mustChangePassword: boolean;
}

/** What the dispatcher needs: turn a token into a live session or refuse. */
export interface SessionGate {
  require(token: string | null): Session;
}

/**
 * Sessions live in memory of src-main only: a restart signs everybody out, which is
 * what a counter PC should do. Idle time is measured here, so a renderer that forgets
 * to lock still gets locked.
 */
export class SessionStore implements SessionGate {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMinutes: () => number,
  ) {}

  open(user: Omit<Session, 'token' | 'lastActivity' | 'locked'>): Session {
    const session: Session = {
      ...user,
      token: randomBytes(32).toString('base64url'),
      lastActivity: this.clock.now().getTime(),
      locked: false,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  find(token: string | null): Session | null {
    if (!token) return null;
    const s = this.sessions.get(token) ?? null;
    if (s && !s.locked && this.clock.now().getTime() - s.lastActivity > this.idleMinutes() * 60_000) s.locked = true;
    return s;
  }

  require(token: string | null): Session {
    const s = this.find(token);
    if (!s) throw new AppError('unauthenticated', 'Not signed in');
    if (s.locked) throw new AppError('session_locked', 'Session locked after inactivity');
    s.lastActivity = this.clock.now().getTime();
    return s;
  }

  lock(token: string): void {
    const s = this.sessions.get(token);
    if (s) s.locked = true;
  }

  unlock(s: Session): void {
    s.locked = false;
    s.lastActivity = this.clock.now().getTime();
  }

  close(token: string | null): void {
    if (token) this.sessions.delete(token);
  }

  /** A new display name shows in the user's open sessions at their next call. */
  renameUser(userId: string, displayName: string): void {
    for (const s of this.sessions.values()) if (s.userId === userId) s.displayName = displayName;
  }

  /** Every session of the user, but `keep` (the one that changed its own password). */
  closeForUser(userId: string, keep?: string): void {
    for (const [t, s] of this.sessions) if (s.userId === userId && t !== keep) this.sessions.delete(t);
  }
}
