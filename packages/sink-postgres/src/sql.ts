// The SQL the sink runs: the table's definition, the batch insert, and the check that a table fits.
import { insertColumns, type PayloadType } from "./rows.js";

/** `CREATE TABLE IF NOT EXISTS`, the documented schema (README "Table"). `table` is quoted already. */
export function createTableSql(table: string, payloadType: PayloadType): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  time timestamptz NOT NULL,
  hook text NOT NULL,
  node text NOT NULL,
  clientid text NOT NULL,
  username text NOT NULL,
  topic text,
  qos smallint,
  payload ${payloadType},
  message_id text,
  headers jsonb,
  props jsonb,
  user_props jsonb,
  extra jsonb NOT NULL
)`;
}

/**
 * One statement for any batch size: each column is an array parameter, `unnest` turns them back into rows
 * (in order, so `seq` follows the batch). `ON CONFLICT (id) DO NOTHING` makes a redelivered record a no-op.
 */
export function insertSql(table: string, payloadType: PayloadType): string {
  const names = insertColumns.map(([name]) => name).join(", ");
  const arrays = insertColumns
    .map(([, type], i) => `$${i + 1}::${type === "payload" ? payloadType : type}[]`)
    .join(", ");
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT (id) DO NOTHING`;
}

/** The columns of a table and their types (`format_type`), or no rows when the table does not exist. */
export const tableColumnsSql = `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indpred IS NULL
    AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS "unique"
FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`;

/** The types the insert needs, by column (what `format_type` calls them). */
export function expectedTypes(payloadType: PayloadType): Map<string, string> {
  const names: Record<string, string> = { timestamptz: "timestamp with time zone" };
  return new Map(
    insertColumns.map(([name, type]) => {
      const t = type === "payload" ? payloadType : type;
      return [name, names[t] ?? t];
    }),
  );
}

/**
 * Why a table with these columns cannot take the sink's rows, or `undefined`. The `id` column must also be
 * unique (the conflict target): a table without that constraint fails the first insert, fatally.
 */
export function tableProblem(
  columns: readonly { name: string; type: string; unique: boolean }[],
  payloadType: PayloadType,
): string | undefined {
  const have = new Map(columns.map((c) => [c.name, c.type]));
  const wrong: string[] = [];
  for (const [name, type] of expectedTypes(payloadType)) {
    const actual = have.get(name);
    if (actual === undefined) wrong.push(`${name} is missing`);
    else if (actual !== type) wrong.push(`${name} is ${actual}, not ${type}`);
  }
  if (columns.some((c) => c.name === "id" && !c.unique)) wrong.push("id has no unique constraint");
  return wrong.length === 0 ? undefined : wrong.join("; ");
}
