import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../core/dispatcher';

export const CALL_CHANNEL = 'guichet:call';

interface Envelope {
  channel: string;
  input: unknown;
  session: string | null;
}

const isEnvelope = (e: unknown): e is Envelope => {
  if (typeof e !== 'object' || e === null) return false;
  const { channel, session } = e as Record<string, unknown>;
  return typeof channel === 'string' && channel.length <= 100 && (session === null || typeof session === 'string');
};

/**
 * One IPC door to the same dispatcher the web host uses. A call from any frame that is not
 * our own window's app:// page is refused before it reaches a handler; results never throw.
 */
export function serveIpc(
  ipc: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  isTrustedSender: (e: IpcMainInvokeEvent) => boolean,
) {
  ipc.handle(CALL_CHANNEL, async (event, envelope: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } };
    if (!isEnvelope(envelope)) return { ok: false, error: { code: 'invalid_input', message: 'Malformed call' } };
    return dispatch(envelope.channel, envelope.input, envelope.session);
  });
}
