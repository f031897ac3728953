// Typed errors of the duty-roster rules. Each carries the values a screen needs to explain the
// problem, so callers can branch on the class instead of parsing messages.

/** Base class of every error the roster rules raise on purpose. */
export class RosterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A date, time or date-time string that does not match the expected local format. */
export class InvalidLocalTimeError extends RosterError {
  constructor(
    readonly input: string,
    readonly expected: string,
  ) {
    super(
      `Invalid local time "${input}": expected ${expected} in Asia/Shanghai time.`,
    );
  }
}

/** Planning touched a year whose State Council holiday arrangement is not in the table. */
export class CalendarYearMissingError extends RosterError {
  constructor(readonly year: number) {
    super(
      `No holiday arrangement for ${year} is entered. Enter ${year}'s arrangement from the ` +
        `State Council notice (国务院办公厅关于${year}年部分节假日安排的通知) before planning ` +
        `into ${year}; the calendar does not guess workdays.`,
    );
  }
}

/** Input that breaks a documented precondition, such as an end before a start. */
export class RosterInputError extends RosterError {}

/** Error for a person with two assignments whose half-open intervals intersect. */
export class DoubleBookingError extends RosterError {
  constructor(
    readonly personId: string,
    readonly firstAssignmentId: string,
    readonly secondAssignmentId: string,
    detail: string,
  ) {
    super(
      `Double booking of ${personId}: assignments ${firstAssignmentId} and ` +
        `${secondAssignmentId} overlap (${detail}). Move or end one of them.`,
    );
  }
}

/** A substitution or manual replacement names someone who is not on duty for its whole window. */
export class ReplacementRejectedError extends RosterError {}

/** An operation that the current state of a swap or handover does not allow. */
export class InvalidTransitionError extends RosterError {}

/** A write to a signed handover record, which only accepts amendments. */
export class HandoverReadOnlyError extends RosterError {}

/** No reporting-policy row matches the event level, class and recipient. */
export class ReportingPolicyNotFoundError extends RosterError {}
