import { describe, expect, it } from 'vitest';
import type { StreamFreshness } from '../../src-shared/contract/index.js';
import {
  dataAsOf,
  describeFreshness,
  emptyListState,
  isDataCurrent,
} from '../../src-renderer/src/stores/freshness.js';
import {
  describeFreshnessText,
  describeSession,
} from '../../src-renderer/src/shared/session-text.js';
import { offlineSession, onlineSession } from './fake-main.js';

const T0 = Date.UTC(2026, 0, 1, 4, 0, 0);
const confirmed: StreamFreshness = {
  seq: 10,
  lastEventAt: T0 - 5000,
  confirmedAt: T0,
};
const never: StreamFreshness = { seq: 0, lastEventAt: null, confirmedAt: null };

describe('empty alert list', () => {
  it('says no alerts only when current', () => {
    expect(emptyListState(true, T0)).toBe('no-alerts');
  });

  it('says no data before any sync', () => {
    expect(emptyListState(false, null)).toBe('no-data-yet');
  });

  it('says data as of when stale', () => {
    expect(emptyListState(false, T0)).toBe('data-as-of');
  });

  it('offline store never claims no alerts', () => {
    const current = isDataCurrent({
      synced: true,
      linkConnected: true,
      session: offlineSession(T0, 4),
      stream: confirmed,
    });
    expect(emptyListState(current, dataAsOf(confirmed))).toBe('data-as-of');
  });

  it('unsynced store never claims no alerts', () => {
    const current = isDataCurrent({
      synced: false,
      linkConnected: true,
      session: null,
      stream: undefined,
    });
    expect(emptyListState(current, dataAsOf(undefined))).toBe('no-data-yet');
  });
});

describe('isDataCurrent', () => {
  const base = {
    synced: true,
    linkConnected: true,
    session: onlineSession(T0),
    stream: confirmed,
  };

  it('online and confirmed is current', () => {
    expect(isDataCurrent(base)).toBe(true);
  });

  it('each missing condition makes it stale', () => {
    expect(isDataCurrent({ ...base, synced: false })).toBe(false);
    expect(isDataCurrent({ ...base, linkConnected: false })).toBe(false);
    expect(isDataCurrent({ ...base, session: null })).toBe(false);
    expect(
      isDataCurrent({
        ...base,
        session: { ...onlineSession(T0), phase: 'syncing' },
      }),
    ).toBe(false);
    expect(isDataCurrent({ ...base, stream: undefined })).toBe(false);
    expect(isDataCurrent({ ...base, stream: never })).toBe(false);
  });
});

describe('freshness text', () => {
  it('current data shows the update time', () => {
    const text = describeFreshnessText(
      'zh-CN',
      describeFreshness(true, T0, T0 + 1000),
    );
    expect(text).toBe('数据更新于 12:00:00');
  });

  it('stale data shows minutes out of date', () => {
    const text = describeFreshnessText(
      'zh-CN',
      describeFreshness(false, T0, T0 + 7 * 60_000 + 5000),
    );
    expect(text).toBe('数据已过期 7 分钟（截至 12:00:00）');
  });

  it('no data says so', () => {
    expect(
      describeFreshnessText('en', describeFreshness(false, null, T0)),
    ).toBe('No data yet');
  });
});

describe('session text', () => {
  it('offline names since when and queued commands', () => {
    expect(describeSession('zh-CN', offlineSession(T0, 3), true)).toBe(
      '离线（自 2026-01-01 12:00:00 起，3 条命令待发）',
    );
  });

  it('wall offline omits the command count', () => {
    const offline = offlineSession(T0, 3);
    expect(describeSession('zh-CN', offline, true, { queued: false })).toBe(
      '离线（自 2026-01-01 12:00:00 起）',
    );
    expect(
      describeSession('en', { ...offline, offlineSince: null }, true, {
        queued: false,
      }),
    ).toBe('Offline');
  });

  it('syncing shows progress', () => {
    const session = {
      ...onlineSession(T0),
      phase: 'syncing' as const,
      progress: { done: 40, total: 120 },
    };
    expect(describeSession('zh-CN', session, true)).toBe('同步中 40/120');
  });

  it('each phase has words', () => {
    expect(describeSession('zh-CN', onlineSession(T0), true)).toBe('在线');
    expect(
      describeSession(
        'zh-CN',
        { ...onlineSession(T0), phase: 'resuming' },
        true,
      ),
    ).toBe('正在恢复');
    expect(
      describeSession(
        'zh-CN',
        { ...onlineSession(T0), phase: 'reauth-needed' },
        true,
      ),
    ).toBe('令牌被拒，需更新后重启');
    expect(
      describeSession(
        'zh-CN',
        { ...onlineSession(T0), phase: 'resynchronizing' },
        true,
      ),
    ).toBe('正在重新同步');
  });

  it('lost link wins over the session', () => {
    expect(describeSession('en', onlineSession(T0), false)).toBe(
      'Disconnected from the local service, reconnecting',
    );
  });
});
