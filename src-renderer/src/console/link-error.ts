import type { SessionStatus } from '../../../src-shared/contract/index.js';
import { translate, type Locale, type MessageKey } from '../i18n/index.js';

/** Cause of a failed link to the central, as far as the error text shows it. */
export type LinkErrorKind =
  | 'unreachable'
  | 'not-found'
  | 'timeout'
  | 'reset'
  | 'tls'
  | 'unauthorized'
  | 'http'
  | 'bad-url'
  | 'other';

export interface LinkErrorCause {
  kind: LinkErrorKind;
  /** HTTP status of a rejected WebSocket upgrade, for `unauthorized` and `http`. */
  status: number | null;
}

/** A link error in the operator's words, with the session's technical text for IT staff. */
export interface LinkErrorText {
  kind: LinkErrorKind;
  text: string;
  detail: string;
}

// The session's error text carries the message of Node's or ws's error, never the error object,
// so the cause is read from the error codes and messages those libraries write (Node 20, ws 8).
// Rules are tried in order, after the HTTP status of a rejected upgrade, whose text contains no
// network code.
const RULES: readonly { kind: LinkErrorKind; pattern: RegExp }[] = [
  { kind: 'bad-url', pattern: /invalid central URL/i },
  { kind: 'not-found', pattern: /ENOTFOUND|EAI_AGAIN|getaddrinfo/ },
  {
    kind: 'unreachable',
    pattern: /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN/,
  },
  {
    kind: 'tls',
    pattern:
      /EPROTO|SSL routines|ERR_TLS|ERR_SSL|certificate|self[- ]signed|altnames|CERT_/i,
  },
  {
    kind: 'timeout',
    pattern:
      /ETIMEDOUT|timed out|due to timeout|no welcome from the central|no frame from the central|no answer within/i,
  },
  {
    kind: 'reset',
    pattern:
      /ECONNRESET|ECONNABORTED|EPIPE|socket hang up|closed the link with code 1006/,
  },
  // fetch (the token request) hides its cause behind this text unless the cause is appended.
  { kind: 'unreachable', pattern: /fetch failed/ },
];

const UPGRADE_STATUS = /Unexpected server response: (\d{3})/;

/** Finds the cause of a link failure from the session's `lastError` text. */
export function classifyLinkError(detail: string): LinkErrorCause {
  const upgrade = UPGRADE_STATUS.exec(detail);
  if (upgrade !== null) {
    const status = Number(upgrade[1]);
    const kind = status === 401 || status === 403 ? 'unauthorized' : 'http';
    return { kind, status };
  }
  const rule = RULES.find((candidate) => candidate.pattern.test(detail));
  return { kind: rule?.kind ?? 'other', status: null };
}

const KEYS: Record<LinkErrorKind, MessageKey> = {
  unreachable: 'link.unreachable',
  'not-found': 'link.notFound',
  timeout: 'link.timeout',
  reset: 'link.reset',
  tls: 'link.tls',
  unauthorized: 'link.unauthorized',
  http: 'link.http',
  'bad-url': 'link.badUrl',
  other: 'link.other',
};

/** Host and port of the central URL, for example `10.1.2.3:7410`, or the URL when it is invalid. */
export function centralAddress(centralUrl: string): {
  host: string;
  address: string;
} {
  let url: URL;
  try {
    url = new URL(centralUrl);
  } catch {
    return { host: centralUrl, address: centralUrl };
  }
  // The URL parser drops a port that is the scheme's default, which the address still shows.
  const defaultPort = url.protocol === 'wss:' ? '443' : '80';
  const port = url.port === '' ? defaultPort : url.port;
  return { host: url.hostname, address: `${url.hostname}:${port}` };
}

/** True while the session will try the link again on its own. */
function isRetrying(session: SessionStatus): boolean {
  return (
    session.nextRetryAt !== null ||
    session.phase === 'connecting' ||
    session.phase === 'resuming'
  );
}

/**
 * Describes the session's last link error for a duty officer, in `locale`. Returns null when the
 * session reports no error. The technical text stays in `detail` for a tooltip and the log.
 */
export function describeLinkError(
  locale: Locale,
  session: SessionStatus | null,
): LinkErrorText | null {
  if (session === null || session.lastError === null) {
    return null;
  }
  const detail = session.lastError;
  const cause = classifyLinkError(detail);
  const problem = translate(locale, KEYS[cause.kind], {
    ...centralAddress(session.centralUrl),
    status: cause.status ?? '',
  });
  const text = isRetrying(session)
    ? translate(locale, 'link.retrying', { problem })
    : problem;
  return { kind: cause.kind, text, detail };
}
