// Questions on the terminal with node:readline/promises; answers piped in (tests, scripts) work too.
import { createInterface, type Interface } from "node:readline/promises";
import { CliError } from "./errors.js";

export interface Prompter {
  /** Asks; an empty answer takes `fallback`. `check` returns why an answer is refused, and the question repeats. */
  ask(question: string, fallback: string, check?: (answer: string) => string | undefined): Promise<string>;
  close(): void;
}

export function createPrompter(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Prompter {
  const rl: Interface = createInterface({
    input,
    output,
    terminal: (input as { isTTY?: boolean }).isTTY === true,
  });
  // Ctrl+C on a terminal ends the questions (readline would otherwise just pause the input).
  rl.on("SIGINT", () => {
    output.write("\n");
    rl.close();
  });
  // The iterator buffers lines that arrive before the question is asked (all at once from a pipe).
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, fallback, check) {
      for (;;) {
        rl.setPrompt(`${question}${fallback === "" ? "" : ` (${fallback})`}: `);
        rl.prompt();
        const next = await lines.next();
        if (next.done === true)
          throw new CliError("cancelled before every question was answered; nothing was written");
        const answer = next.value.trim() === "" ? fallback : next.value.trim();
        const problem = check?.(answer);
        if (problem === undefined) return answer;
        output.write(`  ${problem}\n`);
      }
    },
    close() {
      rl.close();
    },
  };
}
