import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SessionInfo } from '../../shared/contract/auth';
import type { SetupInput } from '../../shared/contract/setup';
import type { AppErrorShape, Result } from '../../shared/contract/result';
import { roleAtLeast, type Role } from '../../shared/domain/roles';
import { call, onCallFailure, setSessionToken } from '../api/client';

/** Kept for this tab only, so that a reload (F5) does not sign the clerk out; gone when the window closes. */
const TOKEN_KEY = 'guichet.session';

/** A message the login page shows once, e.g. after the session ended elsewhere. */
export type LoginNotice = 'setupDone' | 'loggedOut' | 'sessionEnded' | { error: AppErrorShape };

/** Who is at the counter. Sessions live in src-main; this store mirrors what it says. */
export const useSessionStore = defineStore('session', () => {
  const info = ref<SessionInfo | null>(null);
  const needsSetup = ref<boolean | null>(null);
  const locked = ref(false);
  const notice = ref<LoginNotice | null>(null);
  let started: Promise<void> | null = null;
  /** Calls refused as `session_locked`, waiting for the clerk to unlock (true) or leave (false). */
  let waiting: ((unlocked: boolean) => void)[] = [];

  function release(unlocked: boolean) {
    const pending = waiting;
    waiting = [];
    for (const resolve of pending) resolve(unlocked);
  }

  const signedIn = computed(() => info.value !== null);
  const role = computed(() => info.value?.user.role ?? null);
  /** Signed in with an administrator's password: the router keeps the user on the page that replaces it. */
  const mustChangePassword = computed(() => info.value?.mustChangePassword ?? false);
  const can = (minimum: Role) => !!info.value && roleAtLeast(info.value.user.role, minimum);

  function adopt(next: SessionInfo | null) {
    info.value = next;
    locked.value = next?.locked ?? false;
    setSessionToken(next?.token ?? null);
    if (next) sessionStorage.setItem(TOKEN_KEY, next.token);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  /** Once per page load: is this workstation set up, and is there a session to resume? */
  function start(): Promise<void> {
    started ??= (async () => {
      const status = await call('setup.status', {});
      needsSetup.value = status.ok ? status.value.needsSetup : false;
      const saved = sessionStorage.getItem(TOKEN_KEY);
      if (needsSetup.value || !saved) return;
      setSessionToken(saved);
      const current = await call('auth.session', {});
      adopt(current.ok ? current.value : null);
    })();
    return started;
  }

  async function initialize(input: SetupInput): Promise<Result<unknown>> {
    const r = await call('setup.initialize', input);
    if (r.ok) {
      needsSetup.value = false;
      notice.value = 'setupDone';
    }
    return r;
  }

  async function login(username: string, password: string): Promise<Result<SessionInfo>> {
    const r = await call('auth.login', { username, password });
    if (r.ok) {
      adopt(r.value);
      notice.value = null;
    }
    return r;
  }

  /** The session as src-main now sees it, after something changed it (the user chose their password). */
  async function refresh(): Promise<void> {
    const current = await call('auth.session', {});
    if (current.ok) adopt(current.value);
  }

  async function logout(): Promise<void> {
    await call('auth.logout', {});
    adopt(null);
    release(false);
    notice.value = 'loggedOut';
  }

  /** Show the lock screen at once; src-main locks the session on its side too. */
  async function lock(): Promise<void> {
    if (!info.value || locked.value) return;
    locked.value = true;
    await call('auth.lock', {});
  }

  /** Same session and token: the page under the lock screen, and what was typed in it, stay as they were. */
  async function unlock(password: string): Promise<Result<SessionInfo>> {
    const r = await call('auth.unlock', { password });
    if (r.ok) {
      adopt(r.value);
      release(true);
    }
    // A wrong password keeps the lock screen; anything else (account now locked, session gone) ends the session.
    else if (r.error.code !== 'invalid_credentials' && r.error.code !== 'invalid_input') endSession({ error: r.error });
    return r;
  }

  /** After an administrator changes the settings, the idle timer follows without signing in again. */
  function adoptSettings(settings: { idleLockMinutes: number; officeCountry: string }) {
    if (info.value)
      info.value = { ...info.value, idleLockMinutes: settings.idleLockMinutes, country: settings.officeCountry };
  }

  function endSession(reason: LoginNotice) {
    adopt(null);
    release(false);
    notice.value = reason;
  }

  onCallFailure((error, channel) => {
    if (!info.value || channel.startsWith('auth.')) return;
    if (error.code === 'unauthenticated') return endSession('sessionEnded');
    if (error.code !== 'session_locked') return;
    // src-main locked the session on its own clock: show the lock screen, then let the page's call through.
    locked.value = true;
    return new Promise<'retry' | void>((resolve) =>
      waiting.push((unlocked) => resolve(unlocked ? 'retry' : undefined)),
    );
  });

  return {
    info,
    needsSetup,
    locked,
    notice,
    signedIn,
    role,
    mustChangePassword,
    can,
    start,
    initialize,
    login,
    refresh,
    logout,
    lock,
    unlock,
    adoptSettings,
    endSession,
  };
});
