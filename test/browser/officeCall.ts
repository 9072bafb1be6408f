// For the workbench Office host tests: one callback-style Office.js call run inside a frame, and a December 2026 instant.
import type { Frame } from "playwright-core";

export const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();

/** Runs one callback-style Office.js call inside the frame and returns its AsyncResult as plain data. */
export async function office(
  frame: Frame,
  body: string,
): Promise<{ status: string; value?: unknown; error?: { code: number; name: string; message: string } }> {
  return frame.evaluate(
    (source) =>
      new Promise((resolve) => {
        const done = (r: {
          status: string;
          value?: unknown;
          error?: { code: number; name: string; message: string };
        }) =>
          resolve({
            status: String(r.status),
            value: r.value,
            error: r.error ? { code: r.error.code, name: r.error.name, message: r.error.message } : undefined,
          });
        new Function("Office", "done", source)((window as unknown as { Office: unknown }).Office, done);
      }),
    body,
  ) as Promise<{ status: string; value?: unknown; error?: { code: number; name: string; message: string } }>;
}
