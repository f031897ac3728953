// Tokens of the alert text index (schema version 6). The index must find every row that
// `search_text LIKE '%query%'` finds: a case-folded substring of any length, in any script.
// Chinese queries are often two characters, which a trigram index cannot match, so a row's tokens
// are the character pairs of its `search_text` (each distinct pair once), plus its last character
// alone. A query of two or more characters asks for the rows that hold every pair of the query; a
// single character is a prefix query over the tokens that start with it. The index keeps no
// positions (detail=none), which halves the cost of writing it, so a row holding the pairs in
// another order is a candidate too: the query keeps the LIKE, which drops it.
//
// FTS5's unicode61 tokenizer splits on spaces and punctuation, so a character outside the ones it
// surely keeps whole (a-z, 0-9 and the CJK ideographs of Unicode 6.1) is written as "x" and its
// code point in base 36. Two characters may then share a spelling ("-" and the text "x19"), which
// again only adds candidates. The tokens are built in JavaScript because this WebAssembly build
// cannot register a tokenizer.

import {
  PACK_FUNCTION,
  UNPACK_FUNCTION,
  packAlertJson,
  unpackAlertJson,
} from './alert-packing.js';

/** Meta key of the highest alerts rowid not yet in the text index (0 when every row is). */
export const TEXT_INDEX_PENDING_KEY = 'text_index_pending';

/** SQL expression of that rowid, for triggers and queries. */
export const PENDING_SQL = `COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${TEXT_INDEX_PENDING_KEY}'), 0)`;

/**
 * Meta key of the highest alerts rowid in the text index (schema version 8). Rows above it are the
 * tail that ingest left for later: text queries read it with the LIKE, and the cache indexes it
 * when idle or when it grows past its bound.
 */
export const TEXT_INDEX_DONE_KEY = 'text_index_done';

/**
 * SQL expression of that rowid, for triggers and queries. Step 8 writes the key. Before that step,
 * every row above the pending mark is in the index, so the default is the largest rowid.
 */
export const DONE_SQL = `COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${TEXT_INDEX_DONE_KEY}'), 9223372036854775807)`;

/** Name of the SQL function that turns `search_text` into index tokens. */
export const GRAMS_FUNCTION = 'cache_grams';

/** Rows above the done mark, estimated from the rowid range (never below the true count). */
export const TEXT_TAIL_SIZE_SQL = `SELECT COALESCE((SELECT MAX(rowid) FROM alerts), 0) - ${DONE_SQL} AS n`;

/** Last rowid of the next `?` rows above rowid `?`; NULL when there are none. */
export const TEXT_TAIL_LAST_SQL = `SELECT MAX(rowid) AS n FROM
  (SELECT rowid FROM alerts WHERE rowid > ? ORDER BY rowid LIMIT ?)`;

/** Indexes the alerts with a rowid above the first value and at or below the second. */
export const INDEX_TAIL_SQL = `INSERT INTO alerts_fts (rowid, grams)
  SELECT rowid, ${GRAMS_FUNCTION}(search_text) FROM alerts WHERE rowid > ? AND rowid <= ?`;

// A lone surrogate reaches SQLite as U+FFFD, so a query is normalized the same way.
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const KEPT = /^[a-z0-9\u4E00-\u9FCC]$/;

function spell(char: string): string {
  return KEPT.test(char) ? char : `x${(char.codePointAt(0) ?? 0).toString(36)}`;
}

function codes(text: string): string[] {
  const result: string[] = [];
  for (const char of text.replace(LONE_SURROGATE, '\uFFFD')) {
    result.push(spell(char));
  }
  return result;
}

/** Index tokens of `text` (already lower-cased), separated by spaces: each distinct pair once. */
export function searchGrams(text: unknown): string {
  if (typeof text !== 'string') {
    return '';
  }
  const encoded = codes(text);
  const tokens = new Set<string>();
  for (let index = 0; index < encoded.length; index += 1) {
    tokens.add(`${encoded[index] ?? ''}${encoded[index + 1] ?? ''}`);
  }
  return [...tokens].join(' ');
}

/**
 * FTS5 MATCH expression for a search text, lower-cased like the LIKE pattern. Every token is
 * letters and digits inside double quotes, so no query character can act as FTS syntax.
 */
export function searchMatch(text: string): string {
  const encoded = codes(text.toLowerCase());
  if (encoded.length === 1) {
    return `"${encoded[0] ?? ''}"*`;
  }
  const pairs = new Set<string>();
  for (let index = 0; index + 1 < encoded.length; index += 1) {
    pairs.add(`"${encoded[index] ?? ''}${encoded[index + 1] ?? ''}"`);
  }
  return [...pairs].join(' ');
}

/** The part of a connection that the schema relies on, for SQLite bindings of either kind. */
export interface FunctionHost {
  exec(sql: string): void;
}

/**
 * Prepares a connection for the cache schema: the alerts triggers call the tokens function, the
 * triggers and the event_bodies view call the unpack function and the maintenance pass the pack
 * function (schema 9), and REPLACE must fire
 * the delete trigger so the text index and event references stay in step (SQLite fires it on
 * REPLACE only with recursive_triggers on).
 */
export function prepareConnection(
  db: FunctionHost,
  register: (name: string, fn: (value: unknown) => string | Uint8Array) => void,
): void {
  register(GRAMS_FUNCTION, searchGrams);
  register(UNPACK_FUNCTION, unpackAlertJson);
  register(PACK_FUNCTION, (value) => packAlertJson(String(value)));
  db.exec('PRAGMA recursive_triggers = ON');
}
