/**
 * A simulator's notion of "now": real time plus an offset that tests move forward through `POST /__sim/clock`.
 * Vendor modules derive time-based state (order progress, appointment slots) from it on each request, so no
 * timers run and advancing the clock takes effect at once.
 */
export class SimClock {
  private offsetMs = 0;

  /** The simulated current time. */
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves simulated time forward; going backwards is refused because vendor state is assumed monotonic. */
  advance(seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError('advanceSeconds must be a finite number >= 0');
    }
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  /** How far ahead of real time the simulated clock runs, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
