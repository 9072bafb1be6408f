// Promisified Office.js calls with one typed error, so adapters never juggle AsyncResult callbacks and callers can
// tell "the host refused" from "InterAction failed".

/** An Office.js call failed (or the host lacks the API). Never carries item content or secrets. */
export class OfficeApiError extends Error {
  constructor(
    /** What the adapter was doing, e.g. "read attachments". */
    readonly operation: string,
    /** Office's error name or code ("ItemNotSaved", 9041, ...), or "apiUnavailable". */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OfficeApiError";
  }
}

export const isOfficeApiError = (e: unknown): e is OfficeApiError =>
  e instanceof OfficeApiError || (e instanceof Error && e.name === "OfficeApiError");

type Callback<T> = (result: Office.AsyncResult<T>) => void;

const failed = <T>(result: Office.AsyncResult<T>): boolean =>
  // "failed" is Office.AsyncResultStatus.Failed; compared by value so this also works before Office.js finished
  // loading its enums (classic Outlook's JS-only runtime) and against hosts that only implement the strings.
  String(result.status) === "failed";

/** Runs one callback-style Office call as a promise. */
export function officeCall<T>(operation: string, start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (!result || failed(result)) {
          const err = result?.error;
          reject(
            new OfficeApiError(
              operation,
              String(err?.name || err?.code || "unknown"),
              `Outlook could not ${operation}${err?.message ? `: ${err.message}` : "."}`,
            ),
          );
          return;
        }
        resolve(result.value);
      });
    } catch (e) {
      if (isOfficeApiError(e)) {
        reject(e);
        return;
      }
      reject(new OfficeApiError(operation, "threw", `Outlook could not ${operation}: ${(e as Error)?.message ?? e}`));
    }
  });
}

/** Throws a typed error when the host does not offer an API the manifest requires. */
export function requireApi<T>(value: T | undefined | null, operation: string): T {
  if (value === undefined || value === null) {
    throw new OfficeApiError(operation, "apiUnavailable", `This version of Outlook cannot ${operation}.`);
  }
  return value;
}
