// AsyncResult plumbing: every Office async call answers its callback later, with Outlook's AsyncResult shape.
import type { OfficeErrorData } from "../shared/bridge";
import { type Callback, RealDate, realm, session } from "./realm";

export const SUCCEEDED = "succeeded" as unknown as Office.AsyncResultStatus;
export const FAILED = "failed" as unknown as Office.AsyncResultStatus;
export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class OfficeError implements Office.Error {
  constructor(
    readonly code: number,
    readonly name: string,
    readonly message: string,
  ) {}
}

export function toOfficeError(e: unknown): Office.Error {
  const data = e as Partial<OfficeErrorData> & { officeName?: string };
  if (typeof data?.code === "number") {
    return new OfficeError(data.code, data.officeName ?? data.name ?? "Error", data.message ?? "");
  }
  return new OfficeError(5001, "Internal Error", e instanceof Error ? e.message : String(e));
}

export function splitArgs(args: unknown[]): {
  params: unknown[];
  options: Office.AsyncContextOptions;
  callback?: Callback<never>;
} {
  const list = [...args];
  let callback: Callback<never> | undefined;
  let options: Office.AsyncContextOptions = {};
  if (typeof list[list.length - 1] === "function") callback = list.pop() as Callback<never>;
  const last = list[list.length - 1];
  if (last && typeof last === "object" && !Array.isArray(last) && !(last instanceof RealDate)) {
    // Only treat it as options when it looks like options (asyncContext, coercionType...).
    const keys = Object.keys(last);
    if (
      keys.length === 0 ||
      keys.some((k) => ["asyncContext", "coercionType", "isInline", "useLocalCache"].includes(k))
    ) {
      options = list.pop() as Office.AsyncContextOptions;
    }
  }
  return { params: list, options, callback };
}

/** Runs one Office async call: bridge promise -> AsyncResult delivered asynchronously to the callback. */
export function asyncCall<T>(
  args: unknown[],
  run: (params: unknown[], options: Office.AsyncContextOptions) => Promise<T>,
  copy: (value: T) => T = clone,
): void {
  const { params, options, callback } = splitArgs(args);
  session.busy(1);
  const deliver = (result: Office.AsyncResult<T>) => {
    realm.setTimeout(() => {
      try {
        (callback as Callback<T> | undefined)?.(result);
      } finally {
        session.busy(-1);
      }
    }, 0);
  };
  let promise: Promise<T>;
  try {
    promise = run(params, options);
  } catch (e) {
    promise = Promise.reject(e);
  }
  promise.then(
    (value) =>
      deliver({
        status: SUCCEEDED,
        value: copy(value),
        asyncContext: options.asyncContext,
        error: undefined as unknown as Office.Error,
        diagnostics: undefined,
      } as Office.AsyncResult<T>),
    (e: unknown) =>
      deliver({
        status: FAILED,
        value: undefined as T,
        asyncContext: options.asyncContext,
        error: toOfficeError(e),
        diagnostics: undefined,
      } as Office.AsyncResult<T>),
  );
}
