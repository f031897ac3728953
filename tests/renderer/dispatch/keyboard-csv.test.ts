import { describe, expect, it } from 'vitest';

import {
  auditCsv,
  auditFileName,
  csvCell,
  UTF8_BOM,
} from '../../../src-renderer/src/console/dispatch/audit-csv.js';
import {
  isTypingTarget,
  moveSelection,
  shortcutFor,
} from '../../../src-renderer/src/console/dispatch/keyboard.js';
import {
  mergeTargets,
  nearbyAlerts,
  unattachedAlerts,
} from '../../../src-renderer/src/console/dispatch/merge.js';
import { makeAlert, makeIncident, T0 } from './fixtures.js';

function press(
  key: string,
  target: unknown = { tagName: 'DIV' },
  modifiers = {},
) {
  return {
    key,
    target,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    ...modifiers,
  };
}

describe('shortcuts', () => {
  it('maps the letters in either case', () => {
    expect(shortcutFor(press('j'))).toBe('next');
    expect(shortcutFor(press('K'))).toBe('previous');
    expect(shortcutFor(press('a'))).toBe('accept');
    expect(shortcutFor(press('d'))).toBe('assign');
    expect(shortcutFor(press('?'))).toBe('help');
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('ignores letters and Enter while typing', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(shortcutFor(press('a', { tagName }))).toBeNull();
      expect(shortcutFor(press('Enter', { tagName }))).toBeNull();
    }
    expect(
      shortcutFor(press('j', { tagName: 'DIV', isContentEditable: true })),
    ).toBeNull();
  });

  it('closes with Esc even from a field', () => {
    expect(shortcutFor(press('Escape', { tagName: 'INPUT' }))).toBe('close');
  });

  it('leaves Enter on a button to the button', () => {
    expect(shortcutFor(press('Enter', { tagName: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(press('Enter'))).toBe('confirm');
  });

  it('ignores keys with modifiers', () => {
    expect(shortcutFor(press('a', undefined, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('d', undefined, { metaKey: true }))).toBeNull();
    expect(
      shortcutFor(press('Escape', undefined, { altKey: true })),
    ).toBeNull();
  });

  it('recognizes typing targets', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
  });

  it('moves the selection within bounds', () => {
    expect(moveSelection(-1, 1, 5)).toBe(0);
    expect(moveSelection(-1, -1, 5)).toBe(4);
    expect(moveSelection(4, 1, 5)).toBe(4);
    expect(moveSelection(0, -1, 5)).toBe(0);
    expect(moveSelection(2, 1, 5)).toBe(3);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe('audit CSV', () => {
  const headers = {
    when: '时间',
    who: '操作人',
    name: '命令',
    incident: '事件',
    outcome: '结果',
    code: '代码',
    summary: '摘要',
  };

  it('starts with a BOM and a header, rows oldest first', () => {
    const text = auditCsv(
      [
        {
          who: 'officer-2',
          when: 2_000,
          name: 'incident.command',
          incidentId: 'inc-1',
          outcome: 'rejected',
          code: 'stale_version',
          summary: '版本过期',
        },
        {
          who: 'officer-1',
          when: 1_000,
          name: 'incident.open',
          incidentId: 'inc-1',
          outcome: 'applied',
          code: null,
          summary: '立案，来源 "110"',
        },
      ],
      headers,
      (ms) => `t${ms}`,
    );

    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '时间,操作人,命令,事件,结果,代码,摘要',
      't1000,officer-1,incident.open,inc-1,applied,,"立案，来源 ""110"""',
      't2000,officer-2,incident.command,inc-1,rejected,stale_version,版本过期',
      '',
    ]);
  });

  it('encodes to UTF-8 with the EF BB BF mark', () => {
    const bytes = new TextEncoder().encode(auditCsv([], headers, String));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes separators and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x,y')).toBe('"\'@x,y"');
    expect(csvCell('普通文本')).toBe('普通文本');
  });

  it('names the file by export time', () => {
    expect(auditFileName('2026-06-01 10:00:00')).toBe(
      'audit-20260601-100000.csv',
    );
  });
});

describe('duplicate offers', () => {
  it('lists alerts not yet held by any incident, newest first', () => {
    const incident = makeIncident({ id: 'inc' });
    const attachedAlert = makeAlert({ id: 'alert-of-inc', publishedAt: T0 });
    const older = makeAlert({ id: 'older', publishedAt: T0 - 1_000 });
    const newer = makeAlert({ id: 'newer', publishedAt: T0 + 1_000 });
    const done = makeAlert({ id: 'done', status: 'closed' });

    const free = unattachedAlerts(
      [attachedAlert, older, newer, done],
      new Set(incident.originAlertIds),
      10,
    );

    expect(free.map((alert) => alert.id)).toEqual(['newer', 'older']);
  });

  it('offers a nearby alert of the same class for attaching', () => {
    const incident = makeIncident({ id: 'inc' });
    const near = makeAlert({ id: 'near' });
    const elsewhere = makeAlert({
      id: 'far',
      place: {
        ...near.place,
        divisionCode: '330110009009',
        lat: 31.5,
        lon: 121.5,
      },
    });

    const offers = nearbyAlerts(incident, [near, elsewhere]);

    expect(offers.map((offer) => offer.alert.id)).toEqual(['near']);
    expect(offers[0]?.offer.reasons.map((reason) => reason.key)).toContain(
      'same_village',
    );
  });

  it('offers other open incidents nearby as merge targets', () => {
    const incident = makeIncident({ id: 'a' });
    const twin = makeIncident({ id: 'b' });
    const closed = makeIncident({ id: 'c', state: 'closed' });

    const targets = mergeTargets(incident, [incident, twin, closed]);

    expect(targets.map((target) => target.incident.id)).toEqual(['b']);
  });
});
