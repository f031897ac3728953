// Times schema step 11 (alert counts per village) on a synthetic schema-10 cache, and the
// maintenance runs that count the rows the step leaves pending:
// `npx tsx bench/cache-village-fill.ts [ROWS] [PACKED]`. It writes ROWS synthetic alert rows
// (default 1,000,000) with SQL and sets the pack mark 20,000 rows below the top, where the
// maintenance pass keeps it. The oldest PACKED rows (default 20,000) are packed, because the
// pending runs are timed on them. The file lives in a temporary folder, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, migrate } from '../src-main/services/cache/schema.js';
import { Database } from '../src-main/services/cache/sqlite.js';
import { CacheStore } from '../src-main/services/cache/store.js';
import { describeMachine, timed } from './lib/machine.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const packed = Number(process.argv[3] ?? 20_000);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(packed)) {
  process.stderr.write(
    'usage: tsx bench/cache-village-fill.ts [ROWS] [PACKED], both whole numbers\n',
  );
  process.exit(2);
}
const PLAIN_ROWS = 20_000;
const START = Date.UTC(2026, 0, 1);

// Four in five alerts name one of 12 × 30 villages, and the rest have no division code.
const FILL_SQL = `
  INSERT INTO alerts (id, stream, level, emergency_class, event_type_label, town_name,
    occurred_at, published_at, status, search_text, json)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
  SELECT printf('alert-%07d', i), 'alerts', i % 4 + 1, 'accident', '道路交通事故',
    printf('镇%02d', i % 12), ?2 + i * 2000, ?2 + i * 2000 + 500, 'acknowledged', 'x',
    json_object('id', printf('alert-%07d', i), 'platform', 'emergency',
      'source', json_object('adapter', 'county', 'externalId', printf('ext-%07d', i)),
      'title', printf('告警 %d 道路交通事故', i),
      'description', printf('%.*c', 400 + i % 200, 'x'),
      'eventType', json_object('code', '02010100', 'label', '道路交通事故'),
      'emergencyClass', 'accident', 'level', i % 4 + 1,
      'place', json_object(
        'divisionCode', CASE i % 5 WHEN 0 THEN NULL
          ELSE printf('421123%03d%03d', 100 + i % 12, 200 + i % 30) END,
        'townCode', printf('421123%03d', 100 + i % 12), 'townName', printf('镇%02d', i % 12),
        'villageName', '某村', 'address', '人民路1号', 'lat', 30.78, 'lon', 115.4),
      'occurredAt', ?2 + i * 2000, 'publishedAt', ?2 + i * 2000 + 500,
      'status', 'acknowledged', 'original', json_object('index', i))
  FROM n`;

const dir = mkdtempSync(join(tmpdir(), 'village-fill-'));
const path = join(dir, 'cache.sqlite3');
try {
  // ---- a schema-10 cache ----
  const built = await timed(() => {
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 10));
    db.exec('BEGIN');
    db.run(FILL_SQL, [rows, START]);
    const packMark = Math.max(0, rows - PLAIN_ROWS);
    db.run("UPDATE meta SET value = ? WHERE key = 'pack_mark'", [
      String(packMark),
    ]);
    // Packing every row below the mark would take minutes, and step 11 does not read them.
    db.run(
      "UPDATE alerts SET packed = cache_pack(json), json = '' WHERE rowid <= ?",
      [Math.min(packed, packMark)],
    );
    // The rows count as indexed, so the maintenance runs below do text-index work for none.
    db.run(
      "UPDATE meta SET value = (SELECT MAX(rowid) FROM alerts) WHERE key = 'text_index_done'",
    );
    db.exec('COMMIT');
    db.close();
  });
  process.stdout.write(`machine: ${describeMachine()}\n`);
  process.stdout.write(
    `built ${rows} alert rows at schema 10 in ${(built.ms / 1000).toFixed(1)} s\n`,
  );

  // ---- step 11, through the store's open ----
  const opened = await timed(() =>
    CacheStore.open(
      { path, integrityCheck: 'never', plainAlertRows: rows + 1 },
      Date.now,
    ),
  );
  const store = opened.value;
  const pending = Number(store.getMeta('village_count_pending'));
  process.stdout.write(
    `open with step 11: ${(opened.ms / 1000).toFixed(2)} s, rows left pending: ${pending}\n`,
  );

  // ---- the maintenance runs over the packed pending rows ----
  store.setMeta('village_count_pending', String(Math.min(packed, pending)));
  let counted = 0;
  let runs = 0;
  const counting = await timed(() => {
    for (;;) {
      const report = store.maintain();
      if (report.countedVillageAlerts === 0) {
        break;
      }
      counted += report.countedVillageAlerts;
      runs += 1;
    }
  });
  if (counted > 0) {
    process.stdout.write(
      `pending runs: ${counted} packed rows in ${runs} runs, ${(counting.ms / runs).toFixed(0)} ms a run, ${((counting.ms * 1000) / counted).toFixed(0)} µs a row\n`,
    );
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
