// The one error shape every refusal takes: the HTTP status, the contract's `code`, a sentence for people, the fields
// at fault and any headers the answer needs (Retry-After, WWW-Authenticate).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
