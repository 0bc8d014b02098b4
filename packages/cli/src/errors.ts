// The one error both commands print as a single line and exit 1 on: a problem the user can fix.
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}
