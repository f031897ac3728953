import { describe, expect, it } from 'vitest';
import {
  applyUpsertsToFiltered,
  matchesFilter,
  NO_FILTER,
  toQuery,
  type AlertFilter,
} from '../../src-renderer/src/console/filter.js';
import { chooseLocale, translate } from '../../src-renderer/src/i18n/index.js';
import { en, zhCN } from '../../src-renderer/src/i18n/messages.js';
import { mergeAlerts } from '../../src-renderer/src/stores/alert-list.js';
import { makeAlert } from './fake-main.js';

const levelOne: AlertFilter = { ...NO_FILTER, level: 1 };

describe('alert filter', () => {
  it('query carries every set field', () => {
    expect(
      toQuery({ level: 2, emergencyClass: 'accident', town: '凤山镇' }),
    ).toEqual({
      limit: 500,
      levels: [2],
      classes: ['accident'],
      townNames: ['凤山镇'],
    });
    expect(toQuery(NO_FILTER)).toEqual({ limit: 500 });
  });

  it('matches by level, class and town', () => {
    const alert = makeAlert(4, { level: 1, emergencyClass: 'accident' });
    expect(matchesFilter(alert, levelOne)).toBe(true);
    expect(
      matchesFilter(alert, { ...levelOne, emergencyClass: 'public_health' }),
    ).toBe(false);
    expect(matchesFilter(alert, { ...NO_FILTER, town: '凤山镇' })).toBe(true);
    expect(matchesFilter(alert, { ...NO_FILTER, town: '骆驼坳镇' })).toBe(
      false,
    );
  });

  it('live upserts merge into the filtered list', () => {
    const current = [makeAlert(1, { level: 1 })];
    const next = applyUpsertsToFiltered(
      current,
      [makeAlert(2, { level: 1 }), makeAlert(3, { level: 2 })],
      levelOne,
    );
    expect(next.map((alert) => alert.id)).toEqual(['alert-2', 'alert-1']);
  });

  it('alert that stops matching leaves', () => {
    const current = [makeAlert(1, { level: 1 }), makeAlert(2, { level: 1 })];
    const next = applyUpsertsToFiltered(
      current,
      [makeAlert(1, { level: 3 })],
      levelOne,
    );
    expect(next.map((alert) => alert.id)).toEqual(['alert-2']);
  });
});

describe('mergeAlerts', () => {
  it('replaces by id and sorts newest first', () => {
    const merged = mergeAlerts(
      [makeAlert(1), makeAlert(2)],
      [makeAlert(1, { status: 'closed' }), makeAlert(3)],
      10,
    );
    expect(merged.map((alert) => `${alert.id}:${alert.status}`)).toEqual([
      'alert-3:new',
      'alert-2:new',
      'alert-1:closed',
    ]);
  });

  it('cuts to the limit', () => {
    const merged = mergeAlerts(
      [],
      [makeAlert(1), makeAlert(2), makeAlert(3)],
      2,
    );
    expect(merged.map((alert) => alert.id)).toEqual(['alert-3', 'alert-2']);
  });
});

describe('i18n', () => {
  it('English has every Chinese key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'session.syncing', { done: 3, total: 9 })).toBe(
      '同步中 3/9',
    );
    expect(translate('en', 'session.syncing', { done: 3, total: 9 })).toBe(
      'Syncing 3/9',
    );
  });

  it('keeps an unknown placeholder visible', () => {
    expect(translate('zh-CN', 'session.syncing', { done: 3 })).toBe(
      '同步中 3/{total}',
    );
  });

  it('lang query wins over app locale', () => {
    expect(chooseLocale('?lang=en', 'zh-CN')).toBe('en');
    expect(chooseLocale('', 'en-US')).toBe('en');
    expect(chooseLocale('', 'zh-Hans-CN')).toBe('zh-CN');
    expect(chooseLocale('', null)).toBe('zh-CN');
  });
});
