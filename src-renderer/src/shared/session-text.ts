import type { SessionStatus } from '../../../src-shared/contract/index.js';
import { translate, type Locale } from '../i18n/index.js';
import { formatClock, formatDateTime } from '../format/time.js';
import type { Freshness } from '../stores/freshness.js';

/**
 * Describes the session state in the operator's words, for example "离线（自 14:02:11 起，3 条命令待发）".
 * A wall sends no commands, so it passes `queued: false` and the count is left out.
 */
export function describeSession(
  locale: Locale,
  session: SessionStatus | null,
  linkConnected: boolean,
  { queued = true }: { queued?: boolean } = {},
): string {
  if (!linkConnected) {
    return translate(locale, 'session.bridgeDown');
  }
  if (session === null) {
    return translate(locale, 'session.connecting');
  }
  switch (session.phase) {
    case 'connecting':
      return translate(locale, 'session.connecting');
    case 'online':
      return translate(locale, 'session.online');
    case 'resuming':
      return translate(locale, 'session.resuming');
    case 'syncing':
      return session.progress === null
        ? translate(locale, 'session.syncingNoProgress')
        : translate(locale, 'session.syncing', session.progress);
    case 'offline':
      if (!queued) {
        return session.offlineSince === null
          ? translate(locale, 'session.offlineOnly')
          : translate(locale, 'session.offlineSinceOnly', {
              since: formatDateTime(session.offlineSince),
            });
      }
      return session.offlineSince === null
        ? translate(locale, 'session.offlineNoSince', {
            queued: session.queuedCommands,
          })
        : translate(locale, 'session.offline', {
            since: formatDateTime(session.offlineSince),
            queued: session.queuedCommands,
          });
    case 'reauth-needed':
      return translate(locale, 'session.reauthNeeded');
    case 'resynchronizing':
      return session.progress === null || session.progress.total === 0
        ? translate(locale, 'session.resynchronizing')
        : translate(
            locale,
            'session.resynchronizingProgress',
            session.progress,
          );
    case 'stopped':
      return translate(locale, 'session.stopped');
  }
}

/** Age line of a panel: "数据更新于 HH:mm:ss", "数据已过期 n 分钟" or "尚无数据". */
export function describeFreshnessText(
  locale: Locale,
  freshness: Freshness,
): string {
  switch (freshness.kind) {
    case 'none':
      return translate(locale, 'age.noData');
    case 'current':
      return translate(locale, 'age.updatedAt', {
        time: formatClock(freshness.at),
      });
    case 'stale':
      return freshness.minutes < 1
        ? translate(locale, 'age.expiredUnderMinute', {
            time: formatClock(freshness.at),
          })
        : translate(locale, 'age.expiredMinutes', {
            minutes: freshness.minutes,
            time: formatClock(freshness.at),
          });
  }
}

/** Coarse tone of the session for coloring the status indicator. */
export function sessionTone(
  session: SessionStatus | null,
  linkConnected: boolean,
): 'ok' | 'busy' | 'bad' {
  if (!linkConnected || session === null) {
    return 'bad';
  }
  if (session.phase === 'online') {
    return 'ok';
  }
  if (
    session.phase === 'offline' ||
    session.phase === 'reauth-needed' ||
    session.phase === 'stopped'
  ) {
    return 'bad';
  }
  return 'busy';
}
