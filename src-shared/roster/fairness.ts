// Duty load per person and how evenly it is spread. Hours count on the shift's start date, so
// a night shift from 03-31 to 04-01 belongs wholly to March.
import type { Assignment } from './shifts.js';
import { countingDate, durationHours } from './shifts.js';
import type { LocalDate } from './time.js';

export interface PersonLoad {
  personId: string;
  hours: number;
  /** Percent above (+) or below (-) the average load. */
  deviationPercent: number;
  /** `+x %` for people above the average, empty otherwise. */
  aboveAverageLabel: string;
}

export interface FairnessReport {
  averageHours: number;
  /**
   * 100 when everyone carries the same load, falling by the mean absolute deviation from the
   * average in percent of the average, and never below 0.
   */
  score: number;
  loads: PersonLoad[];
}

/**
 * Measures duty load per person over shift dates [from, to]. Pass `people` to include those
 * with no duty at all, who otherwise would not lower the average.
 */
export function fairnessReport(
  assignments: readonly Assignment[],
  from: LocalDate,
  to: LocalDate,
  people: readonly string[] = [],
): FairnessReport {
  const hours = new Map<string, number>(people.map((id) => [id, 0]));
  for (const assignment of assignments) {
    const date = countingDate(assignment);
    if (date < from || date > to) {
      continue;
    }
    hours.set(
      assignment.personId,
      (hours.get(assignment.personId) ?? 0) + durationHours(assignment),
    );
  }

  const totals = [...hours.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (totals.length === 0) {
    return { averageHours: 0, score: 100, loads: [] };
  }

  const averageHours =
    totals.reduce((sum, [, value]) => sum + value, 0) / totals.length;
  const loads = totals.map(([personId, value]) => {
    const deviationPercent =
      averageHours === 0 ? 0 : ((value - averageHours) / averageHours) * 100;
    const rounded = Math.round(deviationPercent);
    return {
      personId,
      hours: value,
      deviationPercent,
      aboveAverageLabel: rounded > 0 ? `+${rounded} %` : '',
    };
  });

  const meanAbsoluteDeviation =
    loads.reduce((sum, load) => sum + Math.abs(load.deviationPercent), 0) /
    loads.length;
  return {
    averageHours,
    score: Math.max(0, 100 - meanAbsoluteDeviation),
    loads,
  };
}
