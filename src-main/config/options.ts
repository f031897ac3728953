import { isAbsolute, resolve } from 'node:path';
import { loadCountyMapFiles, type CountyMapFiles } from './county-map.js';

export const SCENARIOS = ['county', 'open311', 'none'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_HOST_PORT = 7420;

/** Options shared by the Electron shell and the browser host, after defaults are applied. */
export interface ConsoleOptions {
  /** WebSocket URL of the central; null starts the embedded reference central. */
  centralUrl: string | null;
  /** Scenario the embedded central replays. */
  scenario: Scenario;
  /** Replay speed of the embedded central, as a multiple of real time. */
  speed: number;
  /** Seed of the embedded central's random choices, so that a run can be repeated. */
  seed: number;
  /** Absolute path of the data folder (cache, logs, the embedded central's event log). */
  dataDir: string;
  /** TCP port of the browser host on 127.0.0.1; 0 picks a free port. */
  port: number;
  lang: Language;
  /** Lets console windows of the browser host submit commands; walls stay read-only. */
  allowCommands: boolean;
  /**
   * County map files given by `--county-geojson` (with `--county-divisions` and `--county-towns`),
   * read and validated while parsing; null means the bundled 罗田县 map.
   */
  countyMap: CountyMapFiles | null;
  help: boolean;
}

export type ParseOptionsResult =
  | { ok: true; options: ConsoleOptions; ignored: string[] }
  | { ok: false; error: string };

export interface ParseOptionsContext {
  /** Data folder used when neither `--data` nor CONSOLE_DATA is given. */
  defaultDataDir: string;
  /** Folder that a relative `--data` is resolved against. */
  cwd: string;
  /**
   * Skips flags this parser does not know instead of failing. Electron passes its own and
   * Chromium's switches (for example `--remote-debugging-port`) in the same argv.
   */
  ignoreUnknown?: boolean;
  /**
   * Folder of the bundled map files, used for the division list when `--county-geojson` comes
   * without `--county-divisions`; the repository's resources/data by default.
   */
  bundledMapDir?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables read as defaults; a flag on the command line wins over them. */
export const ENV_NAMES = {
  central: 'CONSOLE_CENTRAL',
  scenario: 'CONSOLE_SCENARIO',
  speed: 'CONSOLE_SPEED',
  seed: 'CONSOLE_SEED',
  data: 'CONSOLE_DATA',
  port: 'CONSOLE_PORT',
  lang: 'CONSOLE_LANG',
  allowCommands: 'CONSOLE_ALLOW_COMMANDS',
  countyGeojson: 'CONSOLE_COUNTY_GEOJSON',
  countyDivisions: 'CONSOLE_COUNTY_DIVISIONS',
  countyTowns: 'CONSOLE_COUNTY_TOWNS',
} as const;

type ValueFlag =
  | 'central'
  | 'scenario'
  | 'speed'
  | 'seed'
  | 'data'
  | 'port'
  | 'lang'
  | 'countyGeojson'
  | 'countyDivisions'
  | 'countyTowns';
const VALUE_FLAGS: readonly ValueFlag[] = [
  'central',
  'scenario',
  'speed',
  'seed',
  'data',
  'port',
  'lang',
  'countyGeojson',
  'countyDivisions',
  'countyTowns',
];

/** Command-line spelling of a value flag, such as `--county-geojson` for countyGeojson. */
function flagName(flag: ValueFlag): string {
  return `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

class OptionError extends Error {}

/** Parses argv (without the executable and script) and the environment into console options. */
export function parseConsoleOptions(
  argv: readonly string[],
  env: Env,
  context: ParseOptionsContext,
): ParseOptionsResult {
  try {
    return parseOrThrow(argv, env, context);
  } catch (error) {
    if (error instanceof OptionError) {
      return { ok: false, error: error.message };
    }
    throw error;
  }
}

function parseOrThrow(
  argv: readonly string[],
  env: Env,
  context: ParseOptionsContext,
): ParseOptionsResult {
  const values = new Map<ValueFlag, string>();
  for (const flag of VALUE_FLAGS) {
    const fromEnv = env[ENV_NAMES[flag]];
    if (fromEnv !== undefined && fromEnv !== '') {
      values.set(flag, fromEnv);
    }
  }
  let allowCommands = parseBooleanEnv(env[ENV_NAMES.allowCommands]);
  let help = false;
  const ignored: string[] = [];

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const [name, inlineValue] = splitFlag(argument);
    if (name === '--help' || name === '-h') {
      help = true;
      continue;
    }
    if (name === '--allow-commands') {
      if (inlineValue !== undefined) {
        throw new OptionError(
          `--allow-commands takes no value, got "${argument}".`,
        );
      }
      allowCommands = true;
      continue;
    }
    const flag = VALUE_FLAGS.find((candidate) => name === flagName(candidate));
    if (flag === undefined) {
      if (context.ignoreUnknown) {
        ignored.push(argument);
        continue;
      }
      throw new OptionError(
        `Unknown option "${argument}". Run with --help to list the options.`,
      );
    }
    if (inlineValue !== undefined) {
      values.set(flag, inlineValue);
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) {
      throw new OptionError(
        `Option ${flagName(flag)} needs a value. Run with --help to see its format.`,
      );
    }
    values.set(flag, next);
    index += 1;
  }

  const options: ConsoleOptions = {
    centralUrl: parseCentralUrl(values.get('central')),
    scenario: parseChoice(
      'scenario',
      values.get('scenario') ?? 'county',
      SCENARIOS,
    ),
    speed: parseSpeed(values.get('speed') ?? '1'),
    seed: parseInteger('seed', values.get('seed') ?? '1', 0, 2 ** 32 - 1),
    dataDir: parseDataDir(values.get('data'), context),
    port: parseInteger(
      'port',
      values.get('port') ?? String(DEFAULT_HOST_PORT),
      0,
      65535,
    ),
    lang: parseChoice('lang', values.get('lang') ?? 'zh-CN', LANGUAGES),
    allowCommands,
    countyMap: parseCountyMap(values, context),
    help,
  };
  return { ok: true, options, ignored };
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  if (!argument.startsWith('--') || equals < 0) {
    return [argument, undefined];
  }
  return [argument.slice(0, equals), argument.slice(equals + 1)];
}

function parseBooleanEnv(value: string | undefined): boolean {
  if (value === undefined || value === '') {
    return false;
  }
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) {
    return true;
  }
  if (['0', 'false', 'no'].includes(value.toLowerCase())) {
    return false;
  }
  throw new OptionError(
    `${ENV_NAMES.allowCommands}="${value}" is invalid: use 1 or 0.`,
  );
}

function parseCentralUrl(value: string | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionError(
      `--central "${value}" is not a valid URL. Give a WebSocket URL such as ws://10.0.0.5:7410/console.`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new OptionError(
      `--central "${value}" must use ws:// or wss://, for example wss://central.example.gov.cn/console.`,
    );
  }
  return url.toString();
}

function parseChoice<T extends string>(
  flag: string,
  value: string,
  choices: readonly T[],
): T {
  const match = choices.find((choice) => choice === value);
  if (match === undefined) {
    throw new OptionError(
      `--${flag} "${value}" is invalid: use one of ${choices.join(', ')}.`,
    );
  }
  return match;
}

function parseInteger(
  flag: string,
  value: string,
  min: number,
  max: number,
): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new OptionError(
      `--${flag} "${value}" is invalid: use a whole number from ${min} to ${max}.`,
    );
  }
  return number;
}

function parseSpeed(value: string): number {
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0 || number > 10_000) {
    throw new OptionError(
      `--speed "${value}" is invalid: use a number above 0 and at most 10000 (1 is real time).`,
    );
  }
  return number;
}

function parseDataDir(
  value: string | undefined,
  context: ParseOptionsContext,
): string {
  if (value === undefined) {
    return resolve(context.cwd, context.defaultDataDir);
  }
  if (value.trim() === '') {
    throw new OptionError(
      '--data is empty: give the path of a folder the console may write to.',
    );
  }
  return isAbsolute(value) ? resolve(value) : resolve(context.cwd, value);
}

function parseCountyMap(
  values: ReadonlyMap<ValueFlag, string>,
  context: ParseOptionsContext,
): CountyMapFiles | null {
  const outline = values.get('countyGeojson');
  const divisions = values.get('countyDivisions');
  const towns = values.get('countyTowns');
  if (outline === undefined) {
    if (divisions !== undefined || towns !== undefined) {
      throw new OptionError(
        '--county-divisions and --county-towns need --county-geojson: give the county outline too.',
      );
    }
    return null;
  }
  const loaded = loadCountyMapFiles({
    outlinePath: filePath('countyGeojson', outline, context),
    divisionsPath:
      divisions === undefined
        ? null
        : filePath('countyDivisions', divisions, context),
    townsPath:
      towns === undefined ? null : filePath('countyTowns', towns, context),
    bundledDir: context.bundledMapDir ?? null,
  });
  if (!loaded.ok) {
    throw new OptionError(loaded.error);
  }
  return loaded.files;
}

function filePath(
  flag: ValueFlag,
  value: string,
  context: ParseOptionsContext,
): string {
  if (value.trim() === '') {
    throw new OptionError(
      `${flagName(flag)} is empty: give the path of the file to load.`,
    );
  }
  return isAbsolute(value) ? resolve(value) : resolve(context.cwd, value);
}

/** Returns the usage text printed by `--help`. */
export function optionsHelp(program: string): string {
  return [
    `Usage: ${program} [options]`,
    '',
    'Options (each also read from the environment variable in brackets):',
    '  --central URL      WebSocket URL of the central, ws:// or wss:// [CONSOLE_CENTRAL].',
    '                     Without it the embedded reference central starts on 127.0.0.1.',
    '  --scenario NAME    Scenario the embedded central replays: county, open311 or none',
    '                     (default county) [CONSOLE_SCENARIO].',
    '  --speed N          Replay speed of the embedded central, a multiple of real time',
    '                     (default 1) [CONSOLE_SPEED].',
    '  --seed N           Seed of the embedded central, a whole number (default 1) [CONSOLE_SEED].',
    '  --data DIR         Data folder for the cache, logs and the embedded central',
    '                     (default: the user-data folder, or .data/ in development) [CONSOLE_DATA].',
    `  --port N           Port of the browser host on 127.0.0.1 (default ${DEFAULT_HOST_PORT}, 0 picks one)`,
    '                     [CONSOLE_PORT].',
    '  --lang LANG        Interface language: zh-CN or en (default zh-CN) [CONSOLE_LANG].',
    '  --allow-commands   Browser host only: let console windows submit commands. Walls stay',
    '                     read-only [CONSOLE_ALLOW_COMMANDS=1].',
    '  --county-geojson FILE  GeoJSON outline of the county to draw on the walls instead of the',
    '                     bundled 罗田县 map; checked at start [CONSOLE_COUNTY_GEOJSON].',
    '  --county-divisions FILE  Division list CSV of that county (code,level,name,parent_code);',
    '                     without it the bundled 罗田县 list is used [CONSOLE_COUNTY_DIVISIONS].',
    '  --county-towns FILE  GeoJSON of real town boundaries; without it town areas are drawn',
    '                     schematically [CONSOLE_COUNTY_TOWNS].',
    '  --help             Print this text and exit.',
    '',
    'For a central given with --central, the console exchanges the refresh token in',
    "CONSOLE_REFRESH_TOKEN at the central's /token endpoint, or uses the fixed access token",
    'in CONSOLE_TOKEN.',
  ].join('\n');
}
