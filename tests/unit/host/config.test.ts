import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  optionsHelp,
  parseConsoleOptions,
  type ParseOptionsContext,
} from '../../../src-main/config/index.js';

const cwd = resolve('/srv/console');
const context: ParseOptionsContext = { defaultDataDir: '.data', cwd };

function parseOk(
  argv: string[],
  env: Record<string, string> = {},
  extra: Partial<ParseOptionsContext> = {},
) {
  const result = parseConsoleOptions(argv, env, { ...context, ...extra });
  if (!result.ok) {
    throw new Error(`expected options to parse, got: ${result.error}`);
  }
  return result;
}

function parseError(argv: string[], env: Record<string, string> = {}): string {
  const result = parseConsoleOptions(argv, env, context);
  if (result.ok) {
    throw new Error(`expected a parse error for ${argv.join(' ')}`);
  }
  return result.error;
}

describe('console options', () => {
  it('applies defaults', () => {
    const { options } = parseOk([]);

    expect(options).toEqual({
      centralUrl: null,
      scenario: 'county',
      speed: 1,
      seed: 1,
      dataDir: resolve(cwd, '.data'),
      port: 7420,
      lang: 'zh-CN',
      allowCommands: false,
      countyMap: null,
      help: false,
    });
  });

  it('reads every flag', () => {
    const { options } = parseOk([
      '--central',
      'wss://central.example.gov.cn/console',
      '--scenario',
      'open311',
      '--speed',
      '2.5',
      '--seed',
      '42',
      '--data',
      'state',
      '--port',
      '0',
      '--lang',
      'en',
      '--allow-commands',
    ]);

    expect(options.centralUrl).toBe('wss://central.example.gov.cn/console');
    expect(options.scenario).toBe('open311');
    expect(options.speed).toBe(2.5);
    expect(options.seed).toBe(42);
    expect(options.dataDir).toBe(resolve(cwd, 'state'));
    expect(options.port).toBe(0);
    expect(options.lang).toBe('en');
    expect(options.allowCommands).toBe(true);
  });

  it('accepts the --flag=value form', () => {
    const { options } = parseOk(['--port=8000', '--scenario=none']);

    expect(options.port).toBe(8000);
    expect(options.scenario).toBe('none');
  });

  it('keeps an absolute data folder', () => {
    const absolute = resolve('/var/lib/console');

    expect(parseOk(['--data', absolute]).options.dataDir).toBe(absolute);
  });

  it('reads the environment', () => {
    const { options } = parseOk([], {
      CONSOLE_CENTRAL: 'ws://10.0.0.5:7410/console',
      CONSOLE_PORT: '9000',
      CONSOLE_LANG: 'en',
      CONSOLE_ALLOW_COMMANDS: '1',
    });

    expect(options.centralUrl).toBe('ws://10.0.0.5:7410/console');
    expect(options.port).toBe(9000);
    expect(options.lang).toBe('en');
    expect(options.allowCommands).toBe(true);
  });

  it('lets a flag win over the environment', () => {
    expect(
      parseOk(['--port', '9100'], { CONSOLE_PORT: '9000' }).options.port,
    ).toBe(9100);
  });

  it('sets help', () => {
    expect(parseOk(['--help']).options.help).toBe(true);
    expect(optionsHelp('console')).toContain('--allow-commands');
  });

  it.each([
    [['--central', 'http://10.0.0.5/console'], 'ws://'],
    [['--central', 'not a url'], 'not a valid URL'],
    [['--scenario', 'city'], 'county, open311, none'],
    [['--speed', '0'], '--speed'],
    [['--speed', 'fast'], '--speed'],
    [['--seed', '-1'], '--seed'],
    [['--port', '70000'], '0 to 65535'],
    [['--port', '80.5'], '--port'],
    [['--lang', 'fr'], 'zh-CN, en'],
    [['--data', ' '], '--data is empty'],
    [['--port'], 'needs a value'],
    [['--port', '--lang', 'en'], 'needs a value'],
    [['--allow-commands=yes'], 'takes no value'],
    [['--verbose'], 'Unknown option "--verbose"'],
  ])('rejects %j', (argv, expected) => {
    expect(parseError(argv)).toContain(expected);
  });

  it('rejects an invalid environment value', () => {
    expect(parseError([], { CONSOLE_ALLOW_COMMANDS: 'maybe' })).toContain(
      'CONSOLE_ALLOW_COMMANDS',
    );
    expect(parseError([], { CONSOLE_SCENARIO: 'city' })).toContain(
      '--scenario "city"',
    );
  });

  it('skips unknown arguments when asked', () => {
    const result = parseOk(
      ['.', '--remote-debugging-port=0', '--inspect=0', '--lang', 'en'],
      {},
      { ignoreUnknown: true },
    );

    expect(result.options.lang).toBe('en');
    expect(result.ignored).toEqual([
      '.',
      '--remote-debugging-port=0',
      '--inspect=0',
    ]);
  });
});
