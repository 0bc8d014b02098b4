// The one error `exhook` prints as a single line and exits 1 on: a problem the user can fix.
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}
