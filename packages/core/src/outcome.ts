// How a hook's handler chain ended; the decided value itself is left in the event (`result` or `message`).

export const ChainOutcome = {
  /** Nobody decided (or a notification hook ran). */
  Passed: 0,
  Continued: 1,
  Stopped: 2,
  Failed: 3,
  TimedOut: 4,
} as const;
export type ChainOutcome = (typeof ChainOutcome)[keyof typeof ChainOutcome];
