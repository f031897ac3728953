import { createLogger } from '../../src-node/logging/index.js';
import {
  PortUnavailableError,
  checkPortAvailable,
  portErrorCode,
} from '../../src-node/net/listen-port.js';
import type { ConsoleOptions } from '../config/index.js';
import {
  startBrowserHost,
  type BrowserHost,
  type BrowserHostOptions,
} from './browser-host.js';
import {
  startConsoleRuntime,
  type ConsoleRuntime,
  type ConsoleRuntimeContext,
} from './console-runtime.js';

const log = createLogger('start-host');

/** Interface of the browser host; it serves loopback only. */
export const HOST_ADDRESS = '127.0.0.1';

/** Option and variable that choose the browser host's port, named in the busy-port message. */
export const HOST_PORT_OPTION = '--port N or CONSOLE_PORT=N';

export interface HostStartInput {
  options: ConsoleOptions;
  runtime: ConsoleRuntimeContext;
  /** Browser host settings other than the core and the port, which come from `options`. */
  browser: Omit<BrowserHostOptions, 'core' | 'port'>;
}

export interface HostParts {
  runtime: ConsoleRuntime;
  host: BrowserHost;
}

/** Start functions, replaceable so tests can make a step fail with a real error. */
export interface HostStartSteps {
  startConsoleRuntime: typeof startConsoleRuntime;
  startBrowserHost: typeof startBrowserHost;
}

const REAL_STEPS: HostStartSteps = { startConsoleRuntime, startBrowserHost };

/**
 * Starts the console runtime (cache and, unless a central URL was given, the embedded central)
 * and then the browser host. The host's port is checked first, so a busy port fails before the
 * heavy parts start. When the host still fails to listen, the runtime is stopped before the error
 * is raised, which releases the cache's locks and stops the embedded central.
 *
 * Raises PortUnavailableError when the port is taken or not allowed.
 */
export async function startHostParts(
  input: HostStartInput,
  steps: HostStartSteps = REAL_STEPS,
): Promise<HostParts> {
  const port = input.options.port;
  const busy = await checkPortAvailable(HOST_ADDRESS, port, HOST_PORT_OPTION);
  if (busy !== null) {
    throw busy;
  }

  const runtime = await steps.startConsoleRuntime(input.options, input.runtime);
  try {
    const host = await steps.startBrowserHost({
      ...input.browser,
      core: runtime.core,
      port,
    });
    return { runtime, host };
  } catch (error) {
    log.warn('startHostParts: the browser host failed; stopping the runtime', {
      port,
      error: error instanceof Error ? error.message : String(error),
    });
    await runtime.stop();
    throw asPortError(error, port);
  }
}

function asPortError(error: unknown, port: number): unknown {
  const code = portErrorCode(error);
  if (code === null) {
    return error;
  }
  return new PortUnavailableError(code, HOST_ADDRESS, port, HOST_PORT_OPTION);
}
