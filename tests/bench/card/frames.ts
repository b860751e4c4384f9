/**
 * Main-thread work per frame from a Chrome trace (Tracing over the DevTools protocol).
 *
 * Method: on the page's renderer main thread (CrRendererMain), each `BeginMainThreadFrame` starts
 * a frame; a frame's work is the time of the top-level tasks (`ThreadControllerImpl::RunTask`,
 * category `toplevel`) between it and the next one, a task straddling the boundary shared by its
 * overlap. That is everything the main thread did for that frame: stream messages, Lit updates,
 * rAF callbacks, style, layout, paint recording, garbage collection. Compositor, raster and GPU
 * threads are not counted; an idle main thread counts as zero.
 *
 * Two clocks: `cpu` is the thread's own time (the events' `tdur`), the work the card causes;
 * `wall` is elapsed time, which also counts the thread waiting for a core. On a 2-core machine
 * running Chromium's GPU, compositor and raster threads beside it, wall time is 2–3× the CPU time
 * and mostly measures contention, so `cpu` is the figure to hold against a frame budget.
 */

/** The fields of a trace event this analysis reads. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time, microseconds; absent on a few events. */
  tdur?: number;
  args?: { name?: string };
}

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel'];

const TASK = 'ThreadControllerImpl::RunTask';
const FRAME_START = 'BeginMainThreadFrame';

export interface FrameStats {
  /** Main-thread work of each frame, milliseconds of thread time. */
  cpu: number[];
  /** The same in elapsed time, milliseconds. */
  wall: number[];
  /** Time between consecutive frame starts, milliseconds. */
  intervals: number[];
}

export function frameWork(events: readonly TraceEvent[]): FrameStats {
  const thread = rendererMainThread(events);
  const mine = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid);
  const starts = mine.filter((e) => e.name === FRAME_START).map((e) => e.ts).sort((a, b) => a - b);
  const tasks = topLevel(mine.filter((e) => e.name === TASK && e.ph === 'X' && e.dur !== undefined));
  const cpu: number[] = [];
  const wall: number[] = [];
  const intervals: number[] = [];
  let first = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1]!;
    // Tasks are sorted and do not overlap: skip the ones over before this frame.
    while (first < tasks.length && tasks[first]!.ts + tasks[first]!.dur! <= from) first++;
    let elapsed = 0;
    let thread = 0;
    for (let k = first; k < tasks.length && tasks[k]!.ts < to; k++) {
      const task = tasks[k]!;
      const overlap = Math.min(to, task.ts + task.dur!) - Math.max(from, task.ts);
      elapsed += overlap;
      thread += task.dur! > 0 ? ((task.tdur ?? task.dur!) * overlap) / task.dur! : 0;
    }
    cpu.push(thread / 1000);
    wall.push(elapsed / 1000);
    intervals.push((to - from) / 1000);
  }
  return { cpu, wall, intervals };
}

/** The renderer main thread that drew frames (the page's; other renderers stay idle). */
function rendererMainThread(events: readonly TraceEvent[]): { pid: number; tid: number } {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const frames = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name === FRAME_START && mains.has(key)) frames.set(key, (frames.get(key) ?? 0) + 1);
  }
  const busiest = [...frames.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!busiest) throw new Error('the trace has no BeginMainThreadFrame on a renderer main thread');
  const [pid, tid] = busiest[0].split(':').map(Number);
  return { pid: pid!, tid: tid! };
}

/** The tasks not inside another task (a nested run loop runs tasks within a task). */
function topLevel(tasks: TraceEvent[]): TraceEvent[] {
  const sorted = [...tasks].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out: TraceEvent[] = [];
  let end = -Infinity;
  for (const task of sorted) {
    if (task.ts >= end) {
      out.push(task);
      end = task.ts + task.dur!;
    }
  }
  return out;
}
