/** An error a newcomer can act on: what went wrong, and what to do about it. */
export class InfraError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InfraError';
  }
}
