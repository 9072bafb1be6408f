// Shared jest setup. DOM matchers only matter in jsdom suites but are harmless elsewhere.
import "@testing-library/jest-dom";
