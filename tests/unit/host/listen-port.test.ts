import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  PortUnavailableError,
  checkPortAvailable,
  describePortError,
  portErrorCode,
} from '../../../src-node/net/listen-port.js';

describe('port error code', () => {
  it('keeps the codes another port fixes', () => {
    expect(
      portErrorCode(Object.assign(new Error('x'), { code: 'EADDRINUSE' })),
    ).toBe('EADDRINUSE');
    expect(
      portErrorCode(Object.assign(new Error('x'), { code: 'EACCES' })),
    ).toBe('EACCES');
  });

  it('ignores other errors', () => {
    expect(
      portErrorCode(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
    ).toBeNull();
    expect(portErrorCode(new Error('no code'))).toBeNull();
    expect(portErrorCode(null)).toBeNull();
  });
});

describe('port error message', () => {
  it('names port, host and option for a busy port', () => {
    const text = describePortError('EADDRINUSE', '127.0.0.1', 7420, '--port N');
    expect(text).toContain('port 7420 on 127.0.0.1');
    expect(text).toContain('EADDRINUSE');
    expect(text).toContain('--port N');
  });

  it('explains a denied port', () => {
    const text = describePortError('EACCES', '127.0.0.1', 80, '--port N');
    expect(text).toContain('port 80 on 127.0.0.1');
    expect(text).toContain('EACCES');
    expect(text).toContain('below 1024');
    expect(text).toContain('--port N');
  });
});

describe('port check', () => {
  it('reports a port held by another server', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    try {
      const busy = await checkPortAvailable('127.0.0.1', port, '--port N');
      expect(busy).toBeInstanceOf(PortUnavailableError);
      expect(busy?.code).toBe('EADDRINUSE');
      expect(busy?.port).toBe(port);
    } finally {
      server.close();
    }
  });

  it('passes a free port and leaves it free', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    server.close();
    await once(server, 'close');

    expect(await checkPortAvailable('127.0.0.1', port, '--port N')).toBeNull();
    const again = createServer();
    again.listen(port, '127.0.0.1');
    await once(again, 'listening');
    again.close();
  });

  it('passes port 0', async () => {
    expect(await checkPortAvailable('127.0.0.1', 0, '--port N')).toBeNull();
  });
});
