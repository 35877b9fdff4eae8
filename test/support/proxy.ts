import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'none' | 'error500' | 'notFound' | 'dropResponse' | 'hang';

/**
 * A man in the middle on 127.0.0.1 that forwards to a server (HQ, S3) and injects network faults:
 * a 500 without reaching the server, a 404 as from a server that lacks a route, the server's answer
 * lost after it committed, or no answer at all. A `decide` that answers later holds the request
 * until then, so a test can act while the workstation waits for a given answer.
 */
export async function faultyProxy(target: string, decide: (n: number, req: IncomingMessage) => Fault | Promise<Fault>) {
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void Promise.resolve(decide(++n, req)).then((fault) => forward(fault, req, res));
  });
  const forward = (fault: Fault, req: IncomingMessage, res: ServerResponse) => {
    if (fault === 'hang') return;
    if (fault === 'error500')
      return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"internal"}');
    if (fault === 'notFound')
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message":"Route not found","error":"Not Found","statusCode":404}');
    const url = new URL(req.url ?? '/', target);
    const upstream = request(url, { method: req.method, headers: req.headers }, (up) => {
      if (fault === 'dropResponse') {
        up.resume();
        up.on('end', () => res.socket?.destroy());
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
