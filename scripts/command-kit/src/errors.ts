/**
 * What the pnpm commands of scripts/ share: stdout carries data only (so `--json` output pipes into
 * jq), progress and errors go to stderr, and every failure ends with a message a newcomer can act
 * on and a non-zero exit code (2: bad usage, 1: anything else).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, usage: string) {
    super(message, `usage: ${usage}`, 2);
  }
}

export const out = (line: string): void => void process.stdout.write(`${line}\n`);
export const info = (line: string): void => void process.stderr.write(`${line}\n`);
