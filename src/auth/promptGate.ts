// How often the user is shown a sign-in (NAA popup or sign-in dialog): one at a time, however many requests of the
// task pane need a token at once (settings, activity types, groups...), and after the user closed one, not again
// until they act (Add, Retry): every request meanwhile fails with the same readable reason, without a new window.
export interface PromptGate {
  /** Runs `prompt` unless one is running (its result is shared) or the user declined the last one (its error). */
  run(prompt: () => Promise<string>): Promise<string>;
  /** The user acted (a pane action): the next request may show a sign-in again. */
  allow(): void;
}

export function createPromptGate(): PromptGate {
  let running: Promise<string> | undefined;
  let declined: unknown;
  return {
    run(prompt) {
      if (running) return running;
      if (declined !== undefined) return Promise.reject(declined);
      const attempt = prompt().then(
        (token) => {
          running = undefined;
          return token;
        },
        (e: unknown) => {
          running = undefined;
          declined = e;
          throw e;
        },
      );
      running = attempt;
      return attempt;
    },
    allow() {
      declined = undefined;
    },
  };
}
