import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createLogger,
  formatText,
  logSink,
} from '../../../src-node/logging/index.js';

const log = createLogger('stderr-test');

function stderrLines(run: () => void): string[] {
  const lines: string[] = [];
  const spy = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

afterEach(() => {
  logSink.configure({
    directory: null,
    stderr: false,
    stderrLevel: 'debug',
    stderrFormat: 'json',
  });
});

describe('stderr echo', () => {
  it('skips records below its level', () => {
    logSink.configure({
      directory: null,
      level: 'info',
      stderr: true,
      stderrLevel: 'warn',
      stderrFormat: 'json',
    });
    const lines = stderrLines(() => {
      log.info('start: ready');
      log.warn('link: lost', { attempt: 2 });
    });

    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(record['message']).toBe('link: lost');
    expect(record['fields']).toEqual({ attempt: 2 });
  });

  it('writes text lines for a terminal', () => {
    logSink.configure({
      directory: null,
      stderr: true,
      stderrLevel: 'warn',
      stderrFormat: 'text',
    });
    const lines = stderrLines(() => log.error('cache: open failed'));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR stderr-test: cache: open failed\n$/,
    );
  });

  it('formats fields as JSON', () => {
    expect(
      formatText({
        time: '2026-12-05T07:40:01.123Z',
        level: 'warn',
        module: 'session',
        message: 'dropLink: link to the central lost',
        fields: { attempt: 3 },
      }),
    ).toBe(
      '2026-12-05T07:40:01.123Z WARN session: dropLink: link to the central lost {"attempt":3}\n',
    );
  });
});
