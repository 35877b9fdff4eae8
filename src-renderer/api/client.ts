import type { AppContract, ChannelName } from '../../shared/contract';
import type { InputOf, OutputOf } from '../../shared/contract/channel';
import type { AppErrorShape, Result } from '../../shared/contract/result';

/** What the Electron preload exposes; nothing else from Node reaches the page. */
export interface GuichetBridge {
  call(channel: string, input: unknown, session: string | null): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    guichet?: GuichetBridge;
  }
}

const LAUNCH_TOKEN_KEY = 'guichet.launchToken';

/**
 * The web host hands out a per-launch token in the URL fragment (never sent to a server log);
 * keep it for this tab and take it out of the address bar.
 */
function launchToken(): string | null {
  const m = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(LAUNCH_TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(LAUNCH_TOKEN_KEY);
}

async function overHttp(
  channel: string,
  input: unknown,
  session: string | null,
  keepalive: boolean,
): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = launchToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (session) headers['x-guichet-session'] = session;
  try {
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input }),
      keepalive,
    });
    if (res.status === 401) return { ok: false, error: { code: 'unauthenticated', message: 'Launch token refused' } };
    // Host/Origin refusals answer with a bare `{ error }`, which is not a Result.
    if (!res.ok) return unreachable;
    return (await res.json()) as Result<unknown>;
  } catch {
    return unreachable;
  }
}

const unreachable: Result<never> = { ok: false, error: { code: 'internal', message: 'Guichet is not reachable' } };

let sessionToken: string | null = null;

export const setSessionToken = (token: string | null) => {
  sessionToken = token;
};

/** A listener may answer `'retry'` (a promise of it) to have the refused call made again, e.g. once unlocked. */
type FailureListener = (error: AppErrorShape, channel: string) => void | 'retry' | Promise<void | 'retry'>;
const failureListeners = new Set<FailureListener>();

/**
 * Told of every refused call, whoever made it: the session store listens here so that a
 * `session_locked` from any page brings up the lock screen, and the page's call goes through
 * once the clerk has unlocked (src-main refuses before running anything, so a retry is safe).
 * Returns the unsubscribe function.
 */
export function onCallFailure(listener: FailureListener): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

export interface CallOptions {
  /**
   * The call must reach src-main even if the page goes away meanwhile (a reload, a closed tab):
   * the browser then sends it anyway. An IPC message is already out once the call is made.
   */
  keepalive?: boolean;
}

function send(channel: string, input: unknown, options: CallOptions): Promise<Result<unknown>> {
  const bridge = window.guichet;
  return bridge
    ? bridge.call(channel, input, sessionToken).catch(() => unreachable)
    : overHttp(channel, input, sessionToken, options.keepalive ?? false);
}

/** One call for every channel, typed by the contract; results, never exceptions. */
export async function call<K extends ChannelName>(
  channel: K,
  input: InputOf<AppContract[K]>,
  options: CallOptions = {},
): Promise<Result<OutputOf<AppContract[K]>>> {
  for (;;) {
    const r = await send(channel, input, options);
    if (r.ok) return r as Result<OutputOf<AppContract[K]>>;
    const answers = await Promise.all([...failureListeners].map((listener) => listener(r.error, channel)));
    if (!answers.includes('retry')) return r;
  }
}

// Capture the launch token before the router rewrites the URL.
if (typeof window !== 'undefined' && !window.guichet) launchToken();
