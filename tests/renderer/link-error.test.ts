import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../src-shared/contract/index.js';
import {
  centralAddress,
  classifyLinkError,
  describeLinkError,
  type LinkErrorKind,
} from '../../src-renderer/src/console/link-error.js';
import { offlineSession } from './fake-main.js';

const T0 = Date.UTC(2026, 0, 1, 4, 0, 0);

// Texts as SessionClient writes them: its own prefix around the message of the Node (20) or
// ws (8) error. link-error-real.test.ts under tests/integration/session makes the refused,
// reset, TLS and HTTP cases happen on real sockets.
const CASES: readonly [string, LinkErrorKind, number | null][] = [
  ['socket error: connect ECONNREFUSED 127.0.0.1:7001', 'unreachable', null],
  ['socket error: connect EHOSTUNREACH 10.20.0.5:7410', 'unreachable', null],
  ['socket error: connect ENETUNREACH 10.20.0.5:7410', 'unreachable', null],
  [
    'socket error: getaddrinfo ENOTFOUND central.county.example',
    'not-found',
    null,
  ],
  [
    'socket error: getaddrinfo EAI_AGAIN central.county.example',
    'not-found',
    null,
  ],
  ['socket error: connect ETIMEDOUT 10.20.0.5:7410', 'timeout', null],
  ['no welcome from the central within 10000 ms', 'timeout', null],
  [
    'no frame from the central for 25012 ms; link taken as dead',
    'timeout',
    null,
  ],
  ['no answer within 5000 ms of a probe; link taken as dead', 'timeout', null],
  ['socket error: socket hang up', 'reset', null],
  ['socket error: read ECONNRESET', 'reset', null],
  ['socket error: write EPIPE', 'reset', null],
  ['central closed the link with code 1006', 'reset', null],
  // TLS spoken to a plain HTTP port
  [
    'socket error: write EPROTO 809CEF9CD67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
    'tls',
    null,
  ],
  ['socket error: self-signed certificate', 'tls', null],
  ['socket error: self-signed certificate in certificate chain', 'tls', null],
  ['socket error: unable to verify the first certificate', 'tls', null],
  ['socket error: certificate has expired', 'tls', null],
  [
    "socket error: Hostname/IP does not match certificate's altnames: IP: 10.0.0.9 is not in the cert's list: 10.0.0.8",
    'tls',
    null,
  ],
  ['socket error: Unexpected server response: 401', 'unauthorized', 401],
  ['socket error: Unexpected server response: 403', 'unauthorized', 403],
  ['socket error: Unexpected server response: 502', 'http', 502],
  [
    'getting an access token failed: token request to http://127.0.0.1:7001/token failed: fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:7001); retrying later',
    'unreachable',
    null,
  ],
  [
    'getting an access token failed: token request to https://central.example/token failed: fetch failed (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); retrying later',
    'tls',
    null,
  ],
  [
    'getting an access token failed: token request to http://127.0.0.1:7001/token failed: The operation was aborted due to timeout; retrying later',
    'timeout',
    null,
  ],
  ['invalid central URL ws//central: Invalid URL', 'bad-url', null],
  ['central error overloaded: try later', 'other', null],
];

function session(
  lastError: string | null,
  changes: Partial<SessionStatus> = {},
): SessionStatus {
  return {
    ...offlineSession(T0, 0),
    centralUrl: 'ws://127.0.0.1:7001/console',
    lastError,
    nextRetryAt: T0 + 2_000,
    ...changes,
  };
}

describe('link error cause', () => {
  it.each(CASES)('classifies %s', (detail, kind, status) => {
    const cause = classifyLinkError(detail);
    expect(cause.kind).toBe(kind);
    expect(cause.status).toBe(status);
  });
});

describe('link error text', () => {
  it('names the central and says it retries', () => {
    const text = describeLinkError(
      'en',
      session('socket error: connect ECONNREFUSED 127.0.0.1:7001'),
    );
    expect(text?.text).toBe(
      'Cannot reach the central at 127.0.0.1:7001 (connection refused or network down); retrying',
    );
    expect(text?.detail).toBe(
      'socket error: connect ECONNREFUSED 127.0.0.1:7001',
    );
    expect(text?.kind).toBe('unreachable');
  });

  it('is Chinese by default locale', () => {
    const text = describeLinkError(
      'zh-CN',
      session('socket error: connect ECONNREFUSED 127.0.0.1:7001'),
    );
    expect(text?.text).toBe(
      '无法连接指挥中心 127.0.0.1:7001（连接被拒绝或网络不通），正在重试',
    );
  });

  it('hides the raw error text', () => {
    for (const [detail] of CASES) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const text = describeLinkError(locale, session(detail));
        expect(text?.text).not.toContain('ECONN');
        expect(text?.text).not.toContain('socket error');
        expect(text?.text).not.toContain('{');
        expect(text?.detail).toBe(detail);
      }
    }
  });

  it('drops retrying when the session gave up', () => {
    const text = describeLinkError(
      'en',
      session('socket error: Unexpected server response: 401', {
        phase: 'reauth-needed',
        nextRetryAt: null,
      }),
    );
    expect(text?.text).toBe(
      "The central at 127.0.0.1:7001 rejected this console's credentials (HTTP 401); contact IT staff",
    );
  });

  it('says retrying while connecting again', () => {
    const text = describeLinkError(
      'en',
      session('socket error: socket hang up', {
        phase: 'connecting',
        nextRetryAt: null,
      }),
    );
    expect(text?.text).toBe(
      'The connection to the central at 127.0.0.1:7001 was cut; retrying',
    );
  });

  it('names the host that cannot be resolved', () => {
    const text = describeLinkError(
      'en',
      session('socket error: getaddrinfo ENOTFOUND central.county.example', {
        centralUrl: 'wss://central.county.example/console',
      }),
    );
    expect(text?.text).toContain('central.county.example cannot be resolved');
  });

  it('is null without an error', () => {
    expect(describeLinkError('en', session(null))).toBeNull();
    expect(describeLinkError('en', null)).toBeNull();
  });
});

describe('central address', () => {
  it('keeps an explicit port', () => {
    expect(centralAddress('ws://10.1.2.3:7410/console').address).toBe(
      '10.1.2.3:7410',
    );
  });

  it('shows the default port of the scheme', () => {
    expect(centralAddress('wss://central.example/console').address).toBe(
      'central.example:443',
    );
    expect(centralAddress('ws://central.example/console').address).toBe(
      'central.example:80',
    );
  });

  it('keeps IPv6 brackets', () => {
    expect(centralAddress('ws://[::1]:7410/console').address).toBe(
      '[::1]:7410',
    );
  });

  it('returns an invalid URL as it is', () => {
    expect(centralAddress('ws//central').address).toBe('ws//central');
  });
});
