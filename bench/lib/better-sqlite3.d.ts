// Minimal typing of better-sqlite3 12, which ships none; only what the benchmark and the WAL test
// call is declared. It is a dev dependency, used to compare against and to write WAL files.
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      exec(sql: string): this;
      pragma(source: string): unknown;
      prepare(sql: string): Statement;
      transaction<A extends unknown[], R>(
        fn: (...args: A) => R,
      ): (...args: A) => R;
      function(
        name: string,
        options: { deterministic?: boolean },
        fn: (...args: never[]) => unknown,
      ): this;
      close(): void;
    }
  }
  const BetterSqlite3: new (path: string) => BetterSqlite3.Database;
  export default BetterSqlite3;
}
