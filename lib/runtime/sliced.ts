/**
 * Running step generators (the unused review's classifyBaseSteps and adviceSteps, usage's
 * combineSteps): all at once, or in slices of a few milliseconds so a busy server answers
 * requests in between.
 */

export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const SLICE_MS = 8;
/** Gives other work one turn of the event loop. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs steps in slices of about `sliceMs`: page views are served in between instead of waiting
 * for the whole classification of a big cluster; `pause` is how long to step aside between
 * slices (background work waits for page requests). `busyMs` counts only the slices (CPU time).
 */
export async function sliced<T>(
  steps: Generator<void, T>,
  pause: () => Promise<void> = yieldToOthers,
  sliceMs = SLICE_MS,
): Promise<{ value: T; busyMs: number; slices: number }> {
  let busy = 0;
  let slices = 1;
  let sliceStart = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStart > sliceMs) {
      busy += performance.now() - sliceStart;
      slices++;
      await pause();
      sliceStart = performance.now();
    }
    step = steps.next();
  }
  busy += performance.now() - sliceStart;
  return { value: step.value, busyMs: Math.round(busy * 10) / 10, slices };
}
