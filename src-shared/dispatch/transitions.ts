// The transition table: for each command, the states it may run in and the state it leads to.
// Anything not listed is an illegal transition.
//
// Reopen goes from closed back to in_progress, not to accepted. A closed incident was already
// accepted and staffed, and the usual reason to reopen it is unfinished field work. So the
// assigned resources stay on it, and the case goes through feedback and verification again.
import type { CommandKind } from './commands.js';
import type { IncidentState } from './states.js';
import { OPEN_STATES } from './states.js';

type Moves = Partial<Record<IncidentState, IncidentState>>;

function stay(states: readonly IncidentState[]): Moves {
  return Object.fromEntries(states.map((state) => [state, state]));
}

function all(states: readonly IncidentState[], target: IncidentState): Moves {
  return Object.fromEntries(states.map((state) => [state, target]));
}

export const TRANSITIONS: Readonly<Record<CommandKind, Moves>> = {
  accept: { reported: 'accepted' },
  // Dispatching again while dispatched or in progress sends reinforcements.
  dispatch: {
    accepted: 'dispatched',
    dispatched: 'dispatched',
    in_progress: 'in_progress',
  },
  start: { dispatched: 'in_progress' },
  feedback: { in_progress: 'feedback' },
  verify: { feedback: 'verified' },
  close: { verified: 'closed' },
  cancel: all(OPEN_STATES, 'cancelled'),
  // Past in_progress the field result belongs to this incident, so it is closed on its own.
  merge: all(['reported', 'accepted', 'dispatched', 'in_progress'], 'merged'),
  reopen: { closed: 'in_progress' },
  request_extension: stay(OPEN_STATES),
  decide_extension: stay(OPEN_STATES),
};

/** Returns the state a command leads to from `state`, or undefined when it is illegal there. */
export function nextState(
  state: IncidentState,
  kind: CommandKind,
): IncidentState | undefined {
  return TRANSITIONS[kind][state];
}
