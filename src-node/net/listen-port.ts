import { createServer } from 'node:net';

/** Listen error codes that choosing another port fixes. */
export type PortErrorCode = 'EADDRINUSE' | 'EACCES';

/** Error raised when a server cannot listen on its TCP port. Its message names the fix. */
export class PortUnavailableError extends Error {
  constructor(
    readonly code: PortErrorCode,
    readonly host: string,
    readonly port: number,
    portOption: string,
  ) {
    super(describePortError(code, host, port, portOption));
    this.name = 'PortUnavailableError';
  }
}

/** Returns the code of a listen error that another port fixes, or null for any other error. */
export function portErrorCode(error: unknown): PortErrorCode | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES' ? code : null;
}

/**
 * Builds the message for a port that cannot be used. `portOption` names the way to choose another
 * port, for example `--port N`.
 */
export function describePortError(
  code: PortErrorCode,
  host: string,
  port: number,
  portOption: string,
): string {
  const where = `port ${port} on ${host}`;
  if (code === 'EADDRINUSE') {
    return (
      `Cannot listen on ${where} because the port is already in use (EADDRINUSE), perhaps by ` +
      `another console or central. Stop that program, or choose another port with ` +
      `${portOption}; 0 picks a free port.`
    );
  }
  return (
    `Cannot listen on ${where} because permission was denied (EACCES). Ports below 1024 need ` +
    `administrator rights on most systems, so choose another port with ${portOption}; ` +
    '0 picks a free port.'
  );
}

/**
 * Checks that `port` on `host` can be listened on now, by listening and closing at once. Resolves
 * null when it can, and a PortUnavailableError when the port is taken or not allowed. Port 0 always
 * passes. Other listen errors (an unknown host, for example) are raised as they are.
 *
 * NOTE: another program may take the port between this check and the real listen, so callers must
 * still handle a failed listen.
 */
export async function checkPortAvailable(
  host: string,
  port: number,
  portOption: string,
): Promise<PortUnavailableError | null> {
  if (port === 0) {
    return null;
  }
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (error) {
    const code = portErrorCode(error);
    if (code === null) {
      throw error;
    }
    return new PortUnavailableError(code, host, port, portOption);
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return null;
}
