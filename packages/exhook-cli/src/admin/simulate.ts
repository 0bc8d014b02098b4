// `exhook simulate`: plays whole EMQX sessions against a running ExHook server and reports every answer's shape.
import { type CallRecord, createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { CliError } from "../errors.js";
import { wireProblems } from "./wire-shape.js";

export type SimulateProtocol = "v1" | "v2" | "v3";

export interface SimulateOptions {
  url: string;
  protocol: SimulateProtocol;
  sessions: number;
  concurrency: number;
  /** EMQX's request_timeout: each call's deadline. */
  timeoutMs: number;
  username: string | undefined;
  password: string | undefined;
}

export interface SimulateIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface HookLatency {
  hook: string;
  calls: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SimulateReport {
  url: string;
  protocol: SimulateProtocol;
  /** The hooks the server asked for on load, in its wire spelling. */
  installed: string[];
  sessions: { played: number; connected: number; denied: number };
  calls: number;
  failed: number;
  hooks: HookLatency[];
  /** The first problems found (at most 50), each with the hook and client. */
  problems: string[];
  passed: boolean;
}

const maxProblems = 50;

/** Collects the calls of a run, hook by hook, and the problems of each answer. */
class Tally {
  readonly #durations = new Map<string, number[]>();
  readonly #failed = new Map<string, number>();
  readonly problems: string[] = [];
  calls = 0;
  failed = 0;

  add(call: CallRecord): void {
    const hook = call.wireHook ?? call.hook;
    this.calls++;
    let durations = this.#durations.get(hook);
    if (durations === undefined) {
      durations = [];
      this.#durations.set(hook, durations);
    }
    durations.push(call.durationMs);
    const problems = wireProblems(call);
    if (problems.length === 0) return;
    this.failed++;
    this.#failed.set(hook, (this.#failed.get(hook) ?? 0) + 1);
    for (const problem of problems) {
      if (this.problems.length < maxProblems) {
        const who = call.clientid === undefined ? "" : ` (clientid ${call.clientid})`;
        this.problems.push(`${hook} ${call.rpc}${who}: ${problem}`);
      }
    }
  }

  /** A failure outside any one answer (a flow that threw, a load that was refused). */
  fail(problem: string): void {
    this.failed++;
    if (this.problems.length < maxProblems) this.problems.push(problem);
  }

  hooks(): HookLatency[] {
    return [...this.#durations.entries()].map(([hook, durations]) => {
      const sorted = durations.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        hook,
        calls: sorted.length,
        failed: this.#failed.get(hook) ?? 0,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        maxMs: sorted[sorted.length - 1] ?? 0,
      };
    });
  }
}

/** A progress line on stderr: rewritten in place on a terminal, else one line every few seconds at most. */
class Progress {
  readonly #stderr: NodeJS.WritableStream;
  readonly #tty: boolean;
  readonly #everyMs: number;
  #last = 0;

  constructor(stderr: NodeJS.WritableStream) {
    this.#stderr = stderr;
    this.#tty = (stderr as { isTTY?: boolean }).isTTY === true;
    this.#everyMs = this.#tty ? 100 : 5000;
    // Off a terminal (CI logs), the first line comes only once the run has lasted a while.
    if (!this.#tty) this.#last = Date.now();
  }

  update(text: string): void {
    const now = Date.now();
    if (now - this.#last < this.#everyMs) return;
    this.#last = now;
    this.#stderr.write(this.#tty ? `\r\x1b[K${text}` : `${text}\n`);
  }

  done(): void {
    if (this.#tty && this.#last !== 0) this.#stderr.write("\r\x1b[K");
  }
}

/** One MQTT client's whole life, in the broker's order: connect, subscribe, publish (delivered to itself), leave. */
async function playSession(
  broker: FakeBroker,
  index: number,
  runId: string,
  options: SimulateOptions,
): Promise<boolean> {
  const clientid = `exhook-simulate-${runId}-${index}`;
  const client = broker.client({
    clientid,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  const connected = await client.connect();
  if (!connected.authenticated) return false;
  const topic = `exhook-simulate/${clientid}`;
  await client.subscribe(`${topic}/#`, { qos: 1 });
  await client.publish(`${topic}/qos0`, "exhook simulate");
  await client.publish(`${topic}/qos1`, "exhook simulate", { qos: 1 });
  await client.disconnect("normal");
  return true;
}

export async function simulate(options: SimulateOptions, io: SimulateIo): Promise<SimulateReport> {
  const broker = createFakeBroker({
    url: options.url,
    version: options.protocol,
    timeoutMs: options.timeoutMs,
  });
  const tally = new Tally();
  const progress = new Progress(io.stderr);
  const sessions = { played: 0, connected: 0, denied: 0 };
  // Takes the broker's call log as it grows, so a long run holds no more than the calls since the last take.
  const drain = () => {
    const calls = broker.calls.slice();
    broker.clearCalls();
    for (const call of calls) tally.add(call);
  };
  const report = (installed: string[]): SimulateReport => {
    drain();
    return {
      url: options.url,
      protocol: options.protocol,
      installed,
      sessions,
      calls: tally.calls,
      failed: tally.failed,
      hooks: tally.hooks(),
      problems: tally.problems,
      passed: tally.failed === 0 && sessions.played === options.sessions,
    };
  };

  try {
    let installed: string[];
    try {
      installed = (await broker.load()).hooks.map((hook) => hook.name);
    } catch (error) {
      drain();
      if (tally.failed === 0) tally.fail(`provider.loaded: ${(error as Error).message}`);
      return report([]);
    }
    const runId = Date.now().toString(36);
    let next = 0;
    const worker = async () => {
      while (next < options.sessions) {
        const index = next++;
        try {
          const connected = await playSession(broker, index, runId, options);
          if (connected) sessions.connected++;
          else sessions.denied++;
        } catch (error) {
          tally.fail(`session ${index}: ${error instanceof Error ? error.message : String(error)}`);
        }
        sessions.played++;
        drain();
        progress.update(
          `simulate: ${sessions.played}/${options.sessions} sessions, ${tally.calls} calls, ${tally.failed} failed`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.sessions) }, worker));
    await broker.unload();
    return report(installed);
  } finally {
    progress.done();
    broker.close();
  }
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** The report as text: what was installed, a table per hook, the verdict and the problems. */
export function reportText(report: SimulateReport): string {
  const lines: string[] = [];
  lines.push(`exhook simulate: ${report.url}, protocol ${report.protocol}`);
  lines.push(
    report.installed.length === 0
      ? "hooks installed: none"
      : `hooks installed (${report.installed.length}): ${report.installed.join(", ")}`,
  );
  lines.push("");
  const header = ["HOOK", "CALLS", "FAILED", "P50 MS", "P99 MS", "MAX MS"];
  const rows = report.hooks.map((h) => [
    h.hook,
    String(h.calls),
    String(h.failed),
    ms(h.p50Ms),
    ms(h.p99Ms),
    ms(h.maxMs),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  for (const cells of [header, ...rows]) {
    lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  }
  lines.push("");
  const { played, connected, denied } = report.sessions;
  lines.push(
    `sessions: ${played} played, ${connected} connected` +
      (denied === 0 ? "" : `, ${denied} denied by client.authenticate (an answer, not a failure)`),
  );
  if (report.passed) {
    lines.push(`PASS: ${report.calls} calls, every answer well-formed for a ${report.protocol} broker`);
  } else {
    lines.push(`FAIL: ${report.failed} of ${report.calls} calls failed or answered wrongly`);
    for (const problem of report.problems) lines.push(`  ${problem}`);
    if (report.failed > report.problems.length)
      lines.push(`  … and more (first ${report.problems.length} shown)`);
  }
  return `${lines.join("\n")}\n`;
}

/** Reads `--sessions`/`--concurrency`/`--timeout` style integers. */
export function positiveInt(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`${flag} must be a whole number from 1 to ${max}`);
  return n;
}
