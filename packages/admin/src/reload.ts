// The Reload call's contract with the host application: the host reads and applies its own configuration;
// the admin port answers the outcome and counts it (GetStats, /metrics).

/** One thing wrong with a configuration: its key path (`acl.default`, `""` for the whole file) and what. */
export interface ReloadProblem {
  readonly path: string;
  readonly reason: string;
}

export interface ReloadOutcome {
  applied: boolean;
  /** Refused: every problem. The running configuration is unchanged. */
  problems: readonly ReloadProblem[];
  /** Applied: what changed, one line each. */
  changes: readonly string[];
  /** Applied: what needs the operator (a key only a restart applies, hooks the broker must load again). */
  warnings: readonly string[];
  /** The hooks or topic filters OnProviderLoaded offers changed: the broker must load the server again. */
  offerChanged: boolean;
}

export interface ReloadStats {
  ok: number;
  refused: number;
  /** ISO time of the last reload, applied or refused. */
  lastAt: string | undefined;
  lastOutcome: "ok" | "refused" | undefined;
}

/** Reload: without it, the call answers `unimplemented`. */
export interface ReloadHandler {
  /** Reads the configuration again and applies it, or refuses it whole. Never rejects. */
  run(): Promise<ReloadOutcome>;
  stats(): ReloadStats;
}

/** `path: reason`, or the reason alone for the whole file. */
export function problemLine(problem: ReloadProblem): string {
  return problem.path === "" ? problem.reason : `${problem.path}: ${problem.reason}`;
}
