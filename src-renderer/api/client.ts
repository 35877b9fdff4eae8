import type { AppContract, ChannelName } from '../../shared/contract';
import type { InputOf, OutputOf } from '../../shared/contract/channel';
import type { Result } from '../../shared/contract/result';

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

async function overHttp(channel: string, input: unknown, session: string | null): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = launchToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (session) headers['x-guichet-session'] = session;
  try {
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input }),
    });
    if (res.status === 401) return { ok: false, error: { code: 'unauthenticated', message: 'Launch token refused' } };
    return (await res.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Guichet is not reachable' } };
  }
}

let sessionToken: string | null = null;

export const setSessionToken = (token: string | null) => {
  sessionToken = token;
};

/** One call for every channel, typed by the contract; results, never exceptions. */
export function call<K extends ChannelName>(
  channel: K,
  input: InputOf<AppContract[K]>,
): Promise<Result<OutputOf<AppContract[K]>>> {
  const bridge = window.guichet;
  const result = bridge ? bridge.call(channel, input, sessionToken) : overHttp(channel, input, sessionToken);
  return result as Promise<Result<OutputOf<AppContract[K]>>>;
}

// Capture the launch token before the router rewrites the URL.
if (typeof window !== 'undefined' && !window.guichet) launchToken();
