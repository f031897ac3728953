// Small display helpers shared by the duty components.
import type {
  DutyPerson,
  DutyPost,
} from '../../../../src-shared/roster/records.js';
import {
  formatLocalDateTime,
  formatIsoLocal,
} from '../../../../src-shared/roster/time.js';

/** Name of a person id, or the id itself when the person is not in the list. */
export function nameOf(people: readonly DutyPerson[], id: string): string {
  return people.find((p) => p.id === id)?.name ?? id;
}

export function postName(posts: readonly DutyPost[], id: string): string {
  return posts.find((p) => p.id === id)?.name ?? id;
}

/** `YYYY-MM-DD HH:mm` in Beijing time. */
export function when(instant: number | undefined): string {
  return instant === undefined ? '' : formatLocalDateTime(instant);
}

/** `HH:mm`, or `MM-DD HH:mm` when the instant is not on `today`'s date. */
export function shortWhen(instant: number, reference: number): string {
  const full = formatLocalDateTime(instant);
  return full.slice(0, 10) === formatLocalDateTime(reference).slice(0, 10)
    ? full.slice(11)
    : full.slice(5);
}

/** Value for a datetime-local input, in Beijing time. */
export function inputValue(instant: number): string {
  return formatIsoLocal(instant).slice(0, 16);
}
