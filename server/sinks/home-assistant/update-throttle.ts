/**
 * Decides which moving-entity states are worth sending to Home Assistant. The recorder stores every
 * attribute change, and a BLE fix jitters by tens of centimetres every second, so a position is only
 * sent when it moved far enough or enough time passed; a change of room, floor, presence, nearest
 * node or proximity window always is.
 */
import type { MovingEntityState } from '../../presence/moving-entities.ts';

/** Below this, a move is jitter of the fix rather than a person crossing a room (metres). */
export const MIN_MOVE_METRES = 0.3;
/** A still position is refreshed this often (seconds), so last_seen and accuracy stay honest. */
export const REFRESH_SECONDS = 30;

interface Sent {
  state: MovingEntityState;
  /** Wall clock of the send, seconds. */
  at: number;
}

export class UpdateThrottle {
  private readonly sent = new Map<string, Sent>();

  /** The states to send now, remembered as sent. */
  select(states: Iterable<MovingEntityState>, now: number): MovingEntityState[] {
    const due: MovingEntityState[] = [];
    for (const state of states) {
      const last = this.sent.get(state.entityId);
      if (last && !worthSending(last, state, now)) continue;
      this.sent.set(state.entityId, { state, at: now });
      due.push(state);
    }
    return due;
  }

  /** After a (re)attach, everything is sent again in full. */
  reset(): void {
    this.sent.clear();
  }

  forget(entityId: string): void {
    this.sent.delete(entityId);
  }
}

function worthSending({ state: before, at }: Sent, after: MovingEntityState, now: number): boolean {
  if (before.room !== after.room || before.floor !== after.floor || before.present !== after.present || before.reason !== after.reason) return true;
  if (before.proximity?.node !== after.proximity?.node || before.proximity?.window !== after.proximity?.window) return true;
  if ((before.coordinates === null) !== (after.coordinates === null)) return true;
  // Without a position the nearest distance is all that moves.
  if (now - at >= REFRESH_SECONDS) return after.updatedAt !== before.updatedAt || after.proximity?.distance !== before.proximity?.distance;
  if (before.coordinates === null || after.coordinates === null) return false;
  const [x0, y0, z0] = before.coordinates;
  const [x1, y1, z1] = after.coordinates;
  return Math.hypot(x1 - x0, y1 - y0, z1 - z0) >= MIN_MOVE_METRES;
}
