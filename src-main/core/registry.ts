import type { z } from 'zod';
import type { Channel, Contract } from '../../shared/contract/channel';
import type { Session } from '../modules/auth/sessions';

/** What a transport knows about the caller; services never see the transport itself. */
export interface CallContext {
  session: Session | null;
  sessionToken: string | null;
}

export type Handler<C extends Channel> = (
  input: z.output<C['input']>,
  ctx: CallContext,
) => Promise<z.input<C['output']>> | z.input<C['output']>;

export type Handlers<T extends Contract> = { [K in keyof T]: Handler<T[K]> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Joins the per-area handler tables; a channel served twice is a start-up error. */
export function combineHandlers<P extends object[]>(...parts: P): UnionToIntersection<P[number]> {
  const table: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, fn] of Object.entries(part)) {
      if (name in table) throw new Error(`Channel "${name}" has two handlers`);
      table[name] = fn;
    }
  }
  return table as UnionToIntersection<P[number]>;
}

/** The type system already insists on completeness; this catches casts and plain-JS callers. */
export function assertComplete(contract: Contract, handlers: Record<string, unknown>): void {
  const missing = Object.keys(contract).filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !(name in contract));
  if (missing.length) throw new Error(`No handler for channel(s): ${missing.join(', ')}`);
  if (unknown.length) throw new Error(`Handler(s) for undeclared channel(s): ${unknown.join(', ')}`);
}
