import { createRequire } from 'node:module';

// The bundled app is CommonJS and has `require`; under an ES-module runner (tsx, Vitest) resolve from the project.
const load: NodeJS.Require = typeof require === 'function' ? require : createRequire(`${process.cwd()}/`);

/**
 * Where better-sqlite3 is, for a worker thread that opens the database file on a connection of its
 * own: the thread's source is plain CommonJS given inline, so nothing has to be bundled for it.
 */
export const sqliteDriverPath = (): string => load.resolve('better-sqlite3');
