// Turns a duty-log entry into the payload of `incident.report`, so that a logged call opens an
// incident in the dispatch panel without an alert behind it.
import type { DutyLogEntryRecord } from '../../../../src-shared/roster/records.js';

/** Alert level (1 = 一级 .. 4 = 四级) of each reporting level of the log. */
const LEVEL_OF: Record<string, 1 | 2 | 3 | 4> = {
  especiallyMajor: 1,
  major: 2,
  large: 3,
  general: 4,
};

/** Maximum length of the title taken from the entry's content when the operator leaves it empty. */
export const TITLE_FROM_CONTENT = 40;

export function defaultIncidentTitle(entry: DutyLogEntryRecord): string {
  return entry.content.trim().slice(0, TITLE_FROM_CONTENT);
}

/** Builds the `incident.report` payload; `incidentId` is a new UUID made by the caller. */
export function incidentReportPayload(
  entry: DutyLogEntryRecord,
  form: { title: string; place: string },
  incidentId: string,
): Record<string, unknown> {
  const title = form.title.trim() || defaultIncidentTitle(entry);
  const place = form.place.trim();
  return {
    incidentId,
    title,
    place: place === '' ? {} : { address: place },
    // A call carries no GB/T 31000 code; the duty office's own label is used until triage.
    eventType: { code: null, label: '值班接报' },
    emergencyClass: null,
    level: entry.reporting ? (LEVEL_OF[entry.reporting.level] ?? null) : null,
    channel: 'platform',
    occurredAt: entry.occurredAt ?? entry.receivedAt,
    logEntryId: entry.id,
  };
}
