/**
 * Tap, hold and double tap on a marker, and what they do. Configured actions are handed to Home
 * Assistant's frontend with a `hass-action` event, as its own cards do; `more-info` opens the
 * dialog directly with `hass-more-info`, which works outside a dashboard too.
 */
import type { ActionConfig } from '../ha/types.ts';

export type Gesture = 'tap' | 'hold' | 'double_tap';

export interface EntityActions {
  entity: string;
  tap_action?: ActionConfig;
  hold_action?: ActionConfig;
  double_tap_action?: ActionConfig;
}

/** What a gesture does when not configured: a tap opens the entity's dialog, the rest nothing. */
export function actionFor(actions: EntityActions, gesture: Gesture): ActionConfig {
  return actions[`${gesture}_action`] ?? { action: gesture === 'tap' ? 'more-info' : 'none' };
}

export function performAction(from: HTMLElement, actions: EntityActions, gesture: Gesture): void {
  const action = actionFor(actions, gesture);
  if (action.action === 'none') return;
  const [type, detail] =
    action.action === 'more-info'
      ? ['hass-more-info', { entityId: action.entity ?? actions.entity }]
      : ['hass-action', { config: actions, action: gesture }];
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

export const HOLD_MS = 500;
export const DOUBLE_TAP_MS = 250;
/** A pointer that moves further than this is dragging or scrolling, not tapping. */
const SLOP_PX = 10;

/** Which gestures a target tells apart; a target without them reports every press as a tap at once. */
export interface GestureOptions<T> {
  hold(target: T): boolean;
  doubleTap(target: T): boolean;
}

/**
 * Turns pointer presses into taps, holds and double taps. Fed by the card's pointer events, it
 * reports each gesture once with the target it started on.
 */
export class GestureRecognizer<T> {
  private press?: { target: T; x: number; y: number; held: boolean; timer?: ReturnType<typeof setTimeout> };
  private pendingTap?: { target: T; timer: ReturnType<typeof setTimeout> };

  constructor(
    private readonly report: (target: T, gesture: Gesture) => void,
    private readonly options: GestureOptions<T>,
  ) {}

  down(target: T, x: number, y: number): void {
    this.cancel();
    const press: NonNullable<typeof this.press> = { target, x, y, held: false };
    if (this.options.hold(target)) {
      press.timer = setTimeout(() => {
        press.held = true;
        this.report(target, 'hold');
      }, HOLD_MS);
    }
    this.press = press;
  }

  move(x: number, y: number): void {
    if (this.press && Math.hypot(x - this.press.x, y - this.press.y) > SLOP_PX) this.cancel();
  }

  up(): void {
    const press = this.press;
    if (!press) return;
    this.cancel();
    if (press.held) return;
    const { target } = press;
    if (this.pendingTap) {
      const pending = this.pendingTap;
      clearTimeout(pending.timer);
      this.pendingTap = undefined;
      if (pending.target === target) return this.report(target, 'double_tap');
      this.report(pending.target, 'tap');
    }
    if (!this.options.doubleTap(target)) return this.report(target, 'tap');
    this.pendingTap = {
      target,
      timer: setTimeout(() => {
        this.pendingTap = undefined;
        this.report(target, 'tap');
      }, DOUBLE_TAP_MS),
    };
  }

  /** Forgets the press under way (pointer cancelled, moved away, or the card left the page). */
  cancel(): void {
    clearTimeout(this.press?.timer);
    this.press = undefined;
  }

  dispose(): void {
    this.cancel();
    clearTimeout(this.pendingTap?.timer);
    this.pendingTap = undefined;
  }
}
