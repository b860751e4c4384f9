import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DOUBLE_TAP_MS, type Gesture, GestureRecognizer, HOLD_MS, performAction } from '../../../card/shared/actions.ts';

describe('gestures on a marker', () => {
  let seen: [string, Gesture][];
  let gestures: GestureRecognizer<string>;
  const press = (target: string, heldMs = 50) => {
    gestures.down(target, 10, 10);
    vi.advanceTimersByTime(heldMs);
    gestures.up();
  };

  beforeEach(() => {
    vi.useFakeTimers();
    seen = [];
    // "a" tells every gesture apart; "b" has neither hold nor double tap configured.
    gestures = new GestureRecognizer<string>((target, gesture) => seen.push([target, gesture]), {
      hold: (target) => target === 'a',
      doubleTap: (target) => target === 'a',
    });
  });
  afterEach(() => vi.useRealTimers());

  it('reports a tap at once when nothing else is configured, even after a long press', () => {
    press('b');
    expect(seen).toEqual([['b', 'tap']]);
    press('b', HOLD_MS * 2);
    expect(seen).toEqual([['b', 'tap'], ['b', 'tap']]);
  });

  it('tells a tap, a hold and a double tap apart, each reported once', () => {
    press('a');
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(DOUBLE_TAP_MS);
    expect(seen).toEqual([['a', 'tap']]);

    seen = [];
    gestures.down('a', 0, 0);
    vi.advanceTimersByTime(HOLD_MS);
    expect(seen).toEqual([['a', 'hold']]);
    gestures.up();
    vi.advanceTimersByTime(DOUBLE_TAP_MS);
    expect(seen).toEqual([['a', 'hold']]);

    seen = [];
    press('a');
    press('a');
    vi.advanceTimersByTime(DOUBLE_TAP_MS);
    expect(seen).toEqual([['a', 'double_tap']]);
  });

  it('ignores a press that turns into a drag or scroll', () => {
    gestures.down('b', 0, 0);
    gestures.move(4, 3);
    gestures.move(40, 0);
    gestures.up();
    vi.advanceTimersByTime(HOLD_MS);
    expect(seen).toEqual([]);
  });

  it('reports a pending tap when another target is tapped before the double-tap window ends', () => {
    press('a');
    press('b');
    expect(seen).toEqual([['a', 'tap'], ['b', 'tap']]);
  });

  it('forgets timers when disposed', () => {
    gestures.down('a', 0, 0);
    gestures.dispose();
    vi.advanceTimersByTime(HOLD_MS * 2);
    expect(seen).toEqual([]);
  });
});

describe('actions', () => {
  const fired = (actions: Parameters<typeof performAction>[1], gesture: Gesture) => {
    const target = new EventTarget();
    const events: CustomEvent[] = [];
    for (const type of ['hass-more-info', 'hass-action']) target.addEventListener(type, (e) => events.push(e as CustomEvent));
    performAction(target as HTMLElement, actions, gesture);
    return events.map((e) => ({ type: e.type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
  };

  it('opens the more-info dialog on tap by default, and does nothing on hold or double tap', () => {
    expect(fired({ entity: 'person.alice' }, 'tap')).toEqual([
      { type: 'hass-more-info', detail: { entityId: 'person.alice' }, bubbles: true, composed: true },
    ]);
    expect(fired({ entity: 'person.alice' }, 'hold')).toEqual([]);
    expect(fired({ entity: 'person.alice' }, 'double_tap')).toEqual([]);
  });

  it('opens more-info of another entity when the action names one', () => {
    expect(fired({ entity: 'person.alice', hold_action: { action: 'more-info', entity: 'sensor.alice_room' } }, 'hold')[0]!.detail).toEqual({
      entityId: 'sensor.alice_room',
    });
  });

  it('hands other actions to Home Assistant with the card-style config', () => {
    const actions = { entity: 'person.alice', tap_action: { action: 'navigate' as const, navigation_path: '/lovelace/alice' } };
    expect(fired(actions, 'tap')).toEqual([{ type: 'hass-action', detail: { config: actions, action: 'tap' }, bubbles: true, composed: true }]);
    expect(fired({ entity: 'person.alice', tap_action: { action: 'none' } }, 'tap')).toEqual([]);
  });
});
