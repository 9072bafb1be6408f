import { describe, expect, test } from "@jest/globals";
import { describeError, errorText, InterActionError, messageOr } from "../../src/sync/errors";
import { globalObject } from "../../src/sync/globalObject";

describe("one mapping of a failure to what the user is told", () => {
  test("InterAction's own message and verdict are kept", () => {
    expect(describeError(new InterActionError("forbidden", "Only the organizer.", false, 403))).toEqual({
      message: "Only the organizer.",
      retryable: false,
    });
    expect(describeError(new InterActionError("server", "Down.", true, 503), () => "other")).toEqual({
      message: "Down.",
      retryable: true,
    });
  });

  test("anything else is retryable, worded by the caller", () => {
    expect(describeError(new Error("disk full"))).toEqual({ message: "disk full", retryable: true });
    expect(describeError("quota")).toEqual({ message: "quota", retryable: true });
    expect(describeError(new TypeError("x is undefined"), () => "Something went wrong.")).toEqual({
      message: "Something went wrong.",
      retryable: true,
    });
    expect(describeError(new Error(""), messageOr("Unknown problem."))).toEqual({
      message: "Unknown problem.",
      retryable: true,
    });
    expect(messageOr("Unknown problem.")(42)).toBe("Unknown problem.");
    expect(errorText(42)).toBe("42");
  });
});

describe("the global object", () => {
  test("is the runtime's global object", () => {
    expect(globalObject()).toBe(globalThis);
  });
});
