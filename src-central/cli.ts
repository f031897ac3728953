import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  parseDeadlineConfig,
  type DeadlineConfig,
} from '../src-shared/dispatch/index.js';
import { resolve } from 'node:path';
import { createLogger, logSink } from '../src-node/logging/index.js';
import { SCENARIOS, type ScenarioName } from './adapters/index.js';
import {
  DOMAIN_NAMES,
  buildDomains,
  parseDomainNames,
  type DomainName,
} from './domains/index.js';
import { isLoopbackHost, startCentral } from './server.js';
import {
  PortUnavailableError,
  checkPortAvailable,
  portErrorCode,
} from '../src-node/net/listen-port.js';

const log = createLogger('central-cli');
const DAY_MS = 24 * 60 * 60 * 1000;

/** Exit code when the port is taken or not allowed; 2 is for invalid options. */
const EXIT_PORT_UNAVAILABLE = 3;
const PORT_OPTION = '--port N';

const HELP = `Reference central server of the command-hall console.

Usage: npm run central -- [options]
       (or npx tsx src-central/cli.ts [options])

Options:
  --host HOST             interface to listen on (default 127.0.0.1; loopback only
                          unless --allow-remote is given)
  --port PORT             TCP port, 0 for any free port (default 7410)
  --data DIR              folder for the event log and state (default .data/central)
  --scenario NAME         county | open311 | none (default county)
  --speed FACTOR          time compression of the scenario, e.g. 60 = one hour per
                          minute; "inf" publishes an open311 file at once (default 1)
  --seed N                seed of the county scenario (default 1)
  --rate N                county alerts per minute of scenario time (default 2)
  --retention-days DAYS   drop events older than this many days (default: keep all)
  --domains LIST          record domains to run: all, none, or a comma-separated
                          list of ${DOMAIN_NAMES.join(', ')} (default all)
  --residents N           residents of the synthetic points population
                          (default 60000)
  --deadlines FILE        JSON deadline table of the dispatch domain (default:
                          the statutory table built in)
  --allow-remote          allow a --host that is not a loopback address
  --help                  print this text

The console connects to the printed URL with the development token unless the
central is given other tokens by the embedding code.
`;

function fail(message: string): never {
  process.stderr.write(`${message}\nRun with --help for the options.\n`);
  process.exit(2);
}

function numberOption(
  name: string,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) {
    return fallback;
  }
  if (text === 'inf' || text === 'Infinity') {
    return Infinity;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    fail(`--${name} must be a number, got "${text}"`);
  }
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        data: { type: 'string', default: '.data/central' },
        scenario: { type: 'string', default: 'county' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        rate: { type: 'string' },
        'retention-days': { type: 'string' },
        domains: { type: 'string', default: 'all' },
        residents: { type: 'string' },
        deadlines: { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const scenario = values.scenario as ScenarioName;
  if (!SCENARIOS.includes(scenario)) {
    fail(
      `--scenario must be one of ${SCENARIOS.join(', ')}, got "${values.scenario}"`,
    );
  }
  if (!isLoopbackHost(values.host) && !values['allow-remote']) {
    fail(
      `--host ${values.host} is not a loopback address; add --allow-remote to listen on it, ` +
        'and only on a network you trust (the connection is not encrypted)',
    );
  }
  const port = numberOption('port', values.port, 7410);
  const speed = numberOption('speed', values.speed, 1);
  const seed = numberOption('seed', values.seed, 1);
  const rate = numberOption('rate', values.rate, 2);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be an integer from 0 to 65535, got ${port}`);
  }
  if (!(speed > 0) || !(rate > 0) || !Number.isInteger(seed)) {
    fail('--speed and --rate must be positive and --seed an integer');
  }
  const retentionDays = values['retention-days'];
  const retentionMs =
    retentionDays === undefined
      ? undefined
      : numberOption('retention-days', retentionDays, 0) * DAY_MS;

  let domainNames: DomainName[] = [];
  try {
    domainNames = parseDomainNames(values.domains);
  } catch (error) {
    fail(`--domains: ${(error as Error).message}`);
  }
  const residents =
    values.residents === undefined
      ? undefined
      : numberOption('residents', values.residents, 0);
  if (
    residents !== undefined &&
    !(Number.isInteger(residents) && residents >= 0)
  ) {
    fail(`--residents must be a whole number, got ${values.residents}`);
  }

  let deadlineConfig: DeadlineConfig | undefined;
  if (values.deadlines !== undefined) {
    try {
      deadlineConfig = parseDeadlineConfig(
        JSON.parse(readFileSync(resolve(values.deadlines), 'utf8')),
      );
    } catch (error) {
      fail(`--deadlines ${values.deadlines}: ${(error as Error).message}`);
    }
  }
  // Building the domains (by default a synthetic population of 60000 residents) is heavy work,
  // so a busy port is reported before it starts.
  const busy = await checkPortAvailable(values.host, port, PORT_OPTION);
  if (busy !== null) {
    throw busy;
  }

  const { domains, ingest } = buildDomains({
    names: domainNames,
    seed,
    residents,
    deadlineConfig,
  });
  const builtDomains = { domains, ingest };
  const dataDir = resolve(values.data);
  logSink.configure({
    directory: resolve(dataDir, 'logs'),
    fileName: 'central.log',
    stderr: true,
  });

  // startCentral closes the event log itself when its listen fails.
  const central = await startCentral({
    host: values.host,
    port,
    dataDir,
    scenario,
    speed,
    seed,
    ratePerMinute: rate,
    retentionMs,
    allowRemote: values['allow-remote'],
    ...builtDomains,
  }).catch((error: unknown) => {
    const code = portErrorCode(error);
    throw code === null
      ? error
      : new PortUnavailableError(code, values.host, port, PORT_OPTION);
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('main: stopping on signal', { signal });
    central.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('main: stop failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Printed only once the handlers are in place: a signal sent on seeing this line would otherwise
  // meet the default action and end the process without closing the log.
  process.stdout.write(`central listening on ${central.url}\n`);
}

main().catch((error: unknown) => {
  // A busy port is a planned exit. The message names the fix, and a stack trace would hide it.
  if (error instanceof PortUnavailableError) {
    log.error('main: the port is not available', {
      host: error.host,
      port: error.port,
      code: error.code,
    });
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_PORT_UNAVAILABLE);
  }
  log.fatal('main: central failed to start', {
    error: (error as Error).message,
  });
  process.stderr.write(
    `central failed to start: ${(error as Error).message}\n`,
  );
  process.exit(1);
});
