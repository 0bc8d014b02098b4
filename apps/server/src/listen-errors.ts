// A port that cannot be opened, said in the user's words: which port, and the key or variable that sets it.
import { envOverrides } from "./config-read.js";

export interface PortSetting {
  /** "gRPC" or "admin". */
  what: string;
  host: string;
  port: number;
  /** The config key: `server.port`, `admin.port`. */
  key: string;
  /** Which keys an EXHOOK_* variable set (ServerConfig.fromEnv). */
  fromEnv: ReadonlyMap<string, string>;
  /** A last resort besides another port, e.g. `admin: false`. */
  orElse?: string;
}

/** The error to show for a failed listen: EADDRINUSE and EACCES explained, anything else as it was. */
export function listenError(error: unknown, setting: PortSetting): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "EADDRINUSE" && code !== "EACCES") return error;
  const { what, host, port, key, fromEnv } = setting;
  const variable = envOverrides.find((o) => o.path.join(".") === key)?.env;
  const setBy = fromEnv.get(key);
  const where = setBy === undefined ? key : `${setBy}=${port}`;
  const problem =
    code === "EADDRINUSE"
      ? `the ${what} port ${port} (${where}) is in use on ${host}: another process listens there`
      : `the ${what} port ${port} (${where}) needs privileges on ${host} that this process lacks`;
  const fix =
    setBy !== undefined
      ? `set ${setBy} to a free port`
      : variable === undefined
        ? `set ${key} to a free port`
        : `set ${key} in the config, or ${variable}, to a free port`;
  const orElse = setting.orElse === undefined ? "" : `, or ${setting.orElse}`;
  return new Error(`${problem}; ${fix} (0 picks any)${orElse}`, { cause: error });
}
