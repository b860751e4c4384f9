import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, push, redo, replace, undo } from '../../../card/shared/history.ts';

describe('editor undo history', () => {
  it('undoes and redoes changes in order', () => {
    let h = push(push(createHistory('a'), 'b'), 'c');
    expect(h.present).toBe('c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe('b');
    h = redo(h);
    expect(h.present).toBe('c');
    expect(canRedo(h)).toBe(false);
  });

  it('does nothing when there is nothing to undo or redo', () => {
    const h = createHistory('a');
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('forgets what was undone once a new change is made', () => {
    let h = push(push(createHistory('a'), 'b'), 'c');
    h = push(undo(undo(h)), 'x');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('a');
  });

  it('makes a whole drag one step: push at its start, replace while it goes on', () => {
    let h = push(createHistory({ x: 0 }), { x: 1 });
    h = replace(h, { x: 2 });
    h = replace(h, { x: 3 });
    expect(h.present).toEqual({ x: 3 });
    expect(undo(h).present).toEqual({ x: 0 });
    expect(redo(undo(h)).present).toEqual({ x: 3 });
  });

  it('keeps at most the given number of steps, dropping the oldest', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 5; i++) h = push(h, i, 3);
    expect(h.past).toEqual([2, 3, 4]);
    h = undo(undo(undo(h)));
    expect(h.present).toBe(2);
    expect(canUndo(h)).toBe(false);
  });

  it('leaves the history it was given unchanged', () => {
    const h = push(createHistory('a'), 'b');
    undo(h);
    push(h, 'c');
    expect(h).toEqual({ past: ['a'], present: 'b', future: [] });
  });
});
