// What a PostgreSQL error means for the records: the server refused one record for good, or the target is
// away (or misconfigured for now) and the same records may go later.

/** The SQLSTATE of a server error (`ErrorResponse`), or `undefined` for a socket or client error. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * A record the server rejects whatever happens later: its data (class 22: a NUL character in text or jsonb,
 * an invalid byte sequence), a constraint of the table (class 23, a user's CHECK or NOT NULL; the id conflict
 * is handled by the insert), or a limit (class 54: a row too big). Everything else, from a refused connection
 * to a missing privilege, is retried: the same records may go once the server or its operator is back.
 */
export function isRecordError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
}

/** The server's own words: message, plus the detail that names the offending value's column or position. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const state = sqlState(error);
  const column = (error as { column?: unknown }).column;
  const where = typeof column === "string" ? ` (column ${column})` : "";
  return state === undefined ? error.message : `${error.message}${where} [SQLSTATE ${state}]`;
}
