/**
 * Smooth motion between fixes. Fixes arrive about once a second; drawing each one as a jump looks
 * jerky, so the marker glides from where it is drawn now to the new fix, taking about as long as
 * the fixes are apart, so it arrives roughly when the next one comes.
 */
import type { Point } from './geometry.ts';

/** Milliseconds a glide takes at least and at most. */
export const MIN_GLIDE_MS = 300;
export const MAX_GLIDE_MS = 2000;

export interface Glide {
  from: Point;
  to: Point;
  /** Milliseconds on the animation clock (performance.now). */
  start: number;
  duration: number;
}

/** Fast start, gentle arrival: the marker reacts at once and settles without overshooting. */
export function easeOut(t: number): number {
  return 1 - (1 - t) ** 3;
}

export function glidePosition(glide: Glide, now: number): Point {
  const t = glide.duration > 0 ? Math.min(1, Math.max(0, (now - glide.start) / glide.duration)) : 1;
  const k = easeOut(t);
  return [glide.from[0] + (glide.to[0] - glide.from[0]) * k, glide.from[1] + (glide.to[1] - glide.from[1]) * k];
}

export function glideDone(glide: Glide, now: number): boolean {
  return now >= glide.start + glide.duration;
}

/**
 * The glide towards a new fix received at `now`. `previous` is the glide under way (or finished)
 * and `previousFixAt` when the fix before this one arrived; without them (first fix, or back
 * after having no position) the marker appears at the fix.
 */
export function glideTo(previous: Glide | undefined, previousFixAt: number | undefined, target: Point, now: number): Glide {
  if (!previous || previousFixAt === undefined) return { from: target, to: target, start: now, duration: 0 };
  const duration = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, now - previousFixAt));
  return { from: glidePosition(previous, now), to: target, start: now, duration };
}
