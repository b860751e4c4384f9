/**
 * Undo/redo over immutable snapshots. Each function returns a new history and leaves its argument
 * alone, so an element can keep one in a reactive property and render from `present`.
 */

export interface History<T> {
  /** Oldest first. */
  readonly past: readonly T[];
  readonly present: T;
  /** Next redo first. */
  readonly future: readonly T[];
}

/** Steps kept to undo; older ones are dropped so a long session cannot grow without bound. */
export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records a change: the current state becomes undoable and whatever was undone can no longer be redone. */
export function push<T>(history: History<T>, next: T, limit = HISTORY_LIMIT): History<T> {
  return { past: [...history.past, history.present].slice(-limit), present: next, future: [] };
}

/** Changes the current state without a new step, e.g. while a drag that began with `push` goes on. */
export function replace<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function canUndo(history: History<unknown>): boolean {
  return history.past.length > 0;
}

export function canRedo(history: History<unknown>): boolean {
  return history.future.length > 0;
}

/** The state before the last change; unchanged when there is nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: history.past[history.past.length - 1]!, future: [history.present, ...history.future] };
}

/** The state the last undo left; unchanged when there is nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0]!, future: history.future.slice(1) };
}
