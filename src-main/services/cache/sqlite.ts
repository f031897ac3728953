import { createRequire } from 'node:module';
import type * as SqliteModule from 'node-sqlite3-wasm';

// node-sqlite3-wasm ships CommonJS with a `declare module` typing and no default export, so it is
// loaded through require to keep both the runtime value and the declared types.
const require = createRequire(import.meta.url);
const sqlite = require('node-sqlite3-wasm') as typeof SqliteModule;

export const { Database, SQLite3Error } = sqlite;
export type Database = InstanceType<typeof sqlite.Database>;
export type Statement = ReturnType<Database['prepare']>;
export type SqlValue = number | bigint | string | Uint8Array | null;
export type SqlRow = Record<string, SqlValue>;
