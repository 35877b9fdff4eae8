import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HQ that accepts connections and never answers, counting the requests it holds. */
export async function hangingHq() {
  const held: IncomingMessage[] = [];
  const server = createServer((req) => void held.push(req));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => held.map((r) => `${r.method} ${r.url?.split('?')[0]}`),
    /** Drops the connections it holds: the requests waiting on it fail as a lost network. */
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
