import { describe, expect, it } from 'vitest';

import {
  createRosterBackup,
  exportRosterIcal,
  parseRosterBackup,
  readRosterBackup,
  restoreRosterBackup,
  RosterBackupError,
  stringifyRosterBackup,
} from '../../../src-main/roster-export/index.js';
import { buildRoster } from '../../../src-shared/roster/index.js';
import { at, januarySource } from './fixtures.js';

const GENERATED_AT = at('2025-01-02 10:15');

function backupJson(): Record<string, unknown> {
  const text = stringifyRosterBackup(
    createRosterBackup(januarySource(), GENERATED_AT),
  );
  return JSON.parse(text) as Record<string, unknown>;
}

function problemsOf(value: unknown): RosterBackupError {
  try {
    readRosterBackup(value);
  } catch (error) {
    if (error instanceof RosterBackupError) {
      return error;
    }
    throw error;
  }
  throw new Error('Backup was accepted but should have been rejected');
}

describe('roster backup', () => {
  it('writes the document header', () => {
    const json = backupJson();
    expect(json.format).toBe('command-hall/roster-backup');
    expect(json.schemaVersion).toBe(1);
    expect(json.generatedAt).toBe('2025-01-02T02:15:00.000Z');
    expect(json.period).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(json.rosterVersion).toBe(3);
    const years = json.calendarYears as { year: number }[];
    expect(years.map((y) => y.year)).toEqual([2025]);
  });

  it('round-trips through JSON text', () => {
    const source = januarySource();
    const text = stringifyRosterBackup(
      createRosterBackup(source, GENERATED_AT),
    );
    const restored = restoreRosterBackup(parseRosterBackup(text));

    expect(restored.assignments).toEqual(source.assignments);
    expect(restored.rotations).toEqual(source.rotations);
    expect(restored.templates).toEqual(source.templates);
    expect(restored.people).toEqual(source.people);
    expect(restored.substitutions).toEqual(source.substitutions);
    expect(restored.manualAssignments).toEqual([]);
    expect(restored.generatedAt).toBe(GENERATED_AT);
    expect(restored.calendar.dayType('2025-01-26')).toBe('makeUpWorkday');
    expect(restored.calendar.hasYear(2024)).toBe(false);
  });

  it('rebuilds the same roster', () => {
    const source = januarySource();
    const restored = restoreRosterBackup(
      parseRosterBackup(
        stringifyRosterBackup(createRosterBackup(source, GENERATED_AT)),
      ),
    );
    const rebuilt = buildRoster({
      calendar: restored.calendar,
      templates: restored.templates,
      rotations: restored.rotations,
      manualAssignments: restored.manualAssignments,
      substitutions: restored.substitutions,
      from: restored.from,
      to: restored.to,
    });
    expect(rebuilt).toEqual(source.assignments);
  });

  it('re-exports identical iCal', () => {
    const source = januarySource();
    const restored = restoreRosterBackup(
      createRosterBackup(source, GENERATED_AT),
    );
    const options = { generatedAt: GENERATED_AT };
    expect(exportRosterIcal(restored, options)).toBe(
      exportRosterIcal(source, options),
    );
  });

  it('includes anchor years', () => {
    const source = januarySource();
    const rotations = source.rotations.map((r) => ({
      ...r,
      anchorDate: '2024-12-01',
      validFrom: '2024-12-01',
    }));
    const backup = createRosterBackup({ ...source, rotations }, GENERATED_AT);
    expect(backup.calendarYears.map((y) => y.year)).toEqual([2024, 2025]);
  });
});

describe('roster backup rejection', () => {
  it('names a bad assignment field', () => {
    const json = backupJson();
    const assignments = json.assignments as Record<string, unknown>[];
    const third = assignments[3];
    if (!third) {
      throw new Error('fixture has fewer than four assignments');
    }
    third.start = '2025-01-01 08:30';

    const error = problemsOf(json);
    expect(error.problems).toEqual([
      {
        path: 'assignments[3].start',
        message: 'Invalid input: expected number, received string',
      },
    ]);
    expect(error.message).toContain('assignments[3].start');
  });

  it('lists every problem', () => {
    const json = backupJson();
    const rotations = json.rotations as Record<string, unknown>[];
    const templates = json.templates as Record<string, unknown>[];
    (rotations[0] as Record<string, unknown>).templateId = 'missing';
    (rotations[1] as Record<string, unknown>).anchorDate = '2025-02-30';
    (templates[0] as Record<string, unknown>).endDayOffset = 2;
    json.unexpected = true;

    const paths = problemsOf(json).problems.map((p) => p.path);
    expect(paths).toContain('rotations[1].anchorDate');
    expect(paths).toContain('templates[0].endDayOffset');
    expect(paths).toContain('');
    expect(problemsOf(json).message).toContain('unexpected');
  });

  it('checks references', () => {
    const json = backupJson();
    const rotations = json.rotations as Record<string, unknown>[];
    (rotations[0] as Record<string, unknown>).templateId = 'missing';
    json.people = (json.people as { id: string }[]).filter(
      (p) => p.id !== 'sun-hao' && p.id !== 'zheng-li',
    );

    const problems = problemsOf(json).problems;
    expect(problems).toContainEqual({
      path: 'rotations[0].templateId',
      message: 'template missing is not in templates',
    });
    expect(
      problems.some((p) => p.message === 'person sun-hao is not in people'),
    ).toBe(true);
    expect(problems).toContainEqual({
      path: 'substitutions[0].substituteId',
      message: 'person zheng-li is not in people',
    });
  });

  it('rejects end before start', () => {
    const json = backupJson();
    const first = (json.assignments as Record<string, number>[])[0];
    if (!first) {
      throw new Error('fixture has no assignments');
    }
    first.end = first.start ?? 0;
    expect(problemsOf(json).problems).toEqual([
      { path: 'assignments[0].end', message: 'end must be after start' },
    ]);
  });

  it('rejects newer schema versions', () => {
    const json = { ...backupJson(), schemaVersion: 2 };
    const error = problemsOf(json);
    expect(error.problems[0]?.path).toBe('schemaVersion');
    expect(error.message).toMatch(/newer console/);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseRosterBackup('{"format": ')).toThrow(RosterBackupError);
    expect(() => parseRosterBackup('{"format": ')).toThrow(/not valid JSON/);
  });

  it('rejects a missing calendar year', () => {
    const json = { ...backupJson(), calendarYears: [] };
    expect(problemsOf(json).problems).toEqual([
      {
        path: 'calendarYears',
        message: 'holiday year 2025 of the period is missing',
      },
    ]);
  });
});
