// What a failing run prints: every failing seed, the command that replays the first, its problems and its steps.
import type { Schedule } from "./run";

export const replayCommand = (seed: number, directed?: string) =>
  `${directed ? `RELIABILITY_PAIR="${directed}" ` : ""}RELIABILITY_SEED=${seed} npx jest --selectProjects unit -- test/reliability/faultSchedules`;

export function failureReport(failures: readonly Schedule[], total: number, mode = ""): string {
  const sorted = [...failures].sort((a, b) => a.seed - b.seed);
  const first = sorted[0];
  if (!first) return "";
  return (
    `${failures.length} of ${total} ${mode ? `${mode} ` : ""}schedules failed; seeds ${sorted.map((f) => f.seed).join(", ")}\n` +
    `${sorted.map((f) => `  ${f.seed}${f.directed ? ` (${f.directed})` : ""}: ${f.problems[0] ?? ""}`.slice(0, 300)).join("\n")}\n` +
    `Replay: ${replayCommand(first.seed, first.directed)}\n` +
    `Problems of seed ${first.seed}:\n  ${first.problems.join("\n  ")}\nSteps:\n  ${first.log.join("\n  ")}`
  );
}
