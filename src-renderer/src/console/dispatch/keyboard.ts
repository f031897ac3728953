// Keyboard shortcuts of the dispatch panel. They never fire while the officer types in a field,
// and never with Ctrl, Alt or Meta held, so browser and system shortcuts keep working.

export type Shortcut =
  | 'next'
  | 'previous'
  | 'accept'
  | 'assign'
  | 'confirm'
  | 'close'
  | 'help';

/** The parts of a KeyboardEvent the mapping reads, so that tests can pass plain objects. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: unknown;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True for a form field or an editable element, where letters are text and not commands. */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) {
    return false;
  }
  const element = target as { tagName?: unknown; isContentEditable?: unknown };
  return (
    (typeof element.tagName === 'string' && TYPING_TAGS.has(element.tagName)) ||
    element.isContentEditable === true
  );
}

function isActivatable(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) {
    return false;
  }
  const tagName = (target as { tagName?: unknown }).tagName;
  return tagName === 'BUTTON' || tagName === 'A';
}

const LETTERS: Readonly<Record<string, Shortcut>> = {
  j: 'next',
  k: 'previous',
  a: 'accept',
  d: 'assign',
  '?': 'help',
};

/**
 * Maps a key press to a shortcut, or null. Esc works everywhere, even in a field, because it
 * only closes; Enter and letters are ignored in fields, where they type or submit the field.
 */
export function shortcutFor(input: KeyInput): Shortcut | null {
  if (input.ctrlKey || input.altKey || input.metaKey) {
    return null;
  }
  if (input.key === 'Escape') {
    return 'close';
  }
  if (isTypingTarget(input.target)) {
    return null;
  }
  if (input.key === 'Enter') {
    // A focused button or link already acts on Enter; confirming as well would act twice.
    return isActivatable(input.target) ? null : 'confirm';
  }
  return LETTERS[input.key.toLowerCase()] ?? null;
}

/** Moves a selection by `step` within `count` rows, staying at the ends; -1 when empty. */
export function moveSelection(
  current: number,
  step: number,
  count: number,
): number {
  if (count === 0) {
    return -1;
  }
  if (current < 0) {
    return step > 0 ? 0 : count - 1;
  }
  return Math.min(count - 1, Math.max(0, current + step));
}
