import {
  appendFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { redactText, redactValue } from './redact.js';

export const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
}

export interface LogRecord {
  time: string;
  level: LogLevel;
  module: string;
  message: string;
  fields?: unknown;
}

export interface LogSinkOptions {
  /** Folder for rotating files; null keeps records in memory until a folder is set. */
  directory: string | null;
  fileName?: string;
  level?: LogLevel;
  /** Size at which the current file is rotated, in bytes. */
  maxFileBytes?: number;
  /** Rotated files kept beside the current one. */
  maxFiles?: number;
  /** Also write records to stderr (one line each). */
  stderr?: boolean;
  /** Lowest level written to stderr; records below it go to the file only. */
  stderrLevel?: LogLevel;
  /**
   * Form of the stderr lines: `json` as in the file, or `text` for a person at a terminal
   * (`time LEVEL module: message` and the fields as JSON, the time in UTC as in the file).
   */
  stderrFormat?: 'json' | 'text';
}

const MAX_BUFFERED = 5000;

/** Formats `record` as one line for a person reading a terminal. */
export function formatText(record: LogRecord): string {
  const fields =
    record.fields === undefined ? '' : ` ${JSON.stringify(record.fields)}`;
  return `${record.time} ${record.level.toUpperCase()} ${record.module}: ${record.message}${fields}\n`;
}

/**
 * The process-wide sink. Records are redacted here, so no caller can forget to. Until `configure`
 * gives a folder, records wait in a bounded buffer; they are written once the file exists.
 */
class LogSink {
  private options: Required<LogSinkOptions> = {
    directory: null,
    fileName: 'console.log',
    level: 'info',
    maxFileBytes: 5 * 1024 * 1024,
    maxFiles: 5,
    stderr: false,
    stderrLevel: 'debug',
    stderrFormat: 'json',
  };
  private buffer: string[] = [];
  private dropped = 0;
  private listeners = new Set<(record: LogRecord) => void>();

  configure(options: LogSinkOptions): void {
    this.options = { ...this.options, ...options };
    if (this.options.directory) {
      mkdirSync(this.options.directory, { recursive: true });
      const pending = this.buffer;
      this.buffer = [];
      if (this.dropped > 0) {
        pending.unshift(
          this.format({
            time: new Date().toISOString(),
            level: 'warn',
            module: 'log',
            message: `dropped ${this.dropped} records before the log file existed`,
          }),
        );
        this.dropped = 0;
      }
      for (const line of pending) {
        this.writeLine(line);
      }
    }
  }

  get level(): LogLevel {
    return this.options.level;
  }

  /** Registers a listener for redacted records, for tests and diagnostics views. */
  onRecord(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(
    level: LogLevel,
    module: string,
    message: string,
    fields?: LogFields,
  ): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.options.level)) {
      return;
    }
    const record: LogRecord = {
      time: new Date().toISOString(),
      level,
      module,
      message: redactText(message),
    };
    if (fields !== undefined) {
      record.fields = redactValue(fields);
    }
    for (const listener of this.listeners) {
      listener(record);
    }
    const line = this.format(record);
    if (
      this.options.stderr &&
      LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.options.stderrLevel)
    ) {
      process.stderr.write(
        this.options.stderrFormat === 'text' ? formatText(record) : line,
      );
    }
    if (!this.options.directory) {
      if (this.buffer.length < MAX_BUFFERED) {
        this.buffer.push(line);
      } else {
        this.dropped += 1;
      }
      return;
    }
    this.writeLine(line);
  }

  private format(record: LogRecord): string {
    return `${JSON.stringify(record)}\n`;
  }

  private writeLine(line: string): void {
    const directory = this.options.directory;
    if (!directory) {
      return;
    }
    const file = join(directory, this.options.fileName);
    try {
      if (
        existsSync(file) &&
        statSync(file).size + line.length > this.options.maxFileBytes
      ) {
        this.rotate(file);
      }
      appendFileSync(file, line);
    } catch (error) {
      // The log itself failed (disk full, folder removed): report on stderr rather than lose it.
      process.stderr.write(
        `log write failed: ${(error as Error).message}\n${line}`,
      );
    }
  }

  private rotate(file: string): void {
    const keep = this.options.maxFiles;
    rmSync(`${file}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      if (existsSync(`${file}.${index}`)) {
        renameSync(`${file}.${index}`, `${file}.${index + 1}`);
      }
    }
    renameSync(file, `${file}.1`);
  }
}

export const logSink = new LogSink();

/** Creates the logger of one module; its records carry `module` and go through the shared sink. */
export function createLogger(module: string): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void =>
      logSink.write(level, module, message, fields);
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
  };
}
