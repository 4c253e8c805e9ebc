/**
 * The one error type the services throw on purpose. `code` is a stable machine-readable name from
 * the service's table of codes; `status` is the HTTP status the error middleware answers with;
 * `fields` names the offending input fields (RFC 9457 "invalid-params" style).
 */
export interface FieldProblem {
  name: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** A service's table of codes: `code -> { status, title }`. */
export type ErrorTable = Record<string, { status: number; title: string }>;

export function defineErrors<T extends ErrorTable>(table: T) {
  return {
    table,
    create(code: keyof T & string, detail: string, fields: FieldProblem[] = [], cause?: unknown): AppError {
      return new AppError(code, table[code]!.status, detail, fields, { cause });
    },
  };
}
