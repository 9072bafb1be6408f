// Shared jest setup. DOM matchers only matter in jsdom suites but are harmless elsewhere.
import "@testing-library/jest-dom";

// Replaying a property test's failure: fast-check prints `{ seed, path }`; run the one test again with
// FC_SEED=<seed> FC_PATH=<path> npx jest <file> -t '<name>' and it starts from that counterexample.
import fc from "fast-check";
if (process.env.FC_SEED) {
  fc.configureGlobal({
    seed: Number(process.env.FC_SEED),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH, endOnFailure: true } : {}),
  });
}
