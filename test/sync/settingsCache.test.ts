import { describe, expect, test } from "@jest/globals";
import { startDeadline } from "../../src/sync/deadline";
import { loadActivityTypes, loadSettings, SETTINGS_KEY, SETTINGS_TTL_MS } from "../../src/sync/settingsCache";
import { apiError, createHarness } from "../support/fakes";

describe("the firm settings cache", () => {
  test("settings are fetched once and then served from storage while fresh", async () => {
    const h = createHarness();
    expect((await loadSettings(h.deps)).source).toBe("network");
    const again = await loadSettings(h.deps);
    expect(again.source).toBe("cache");
    expect(again.value?.postMeetingSyncDays).toBe(14);
    expect(h.api.callsOf("getSettings")).toHaveLength(1);
  });

  test("stale settings are refreshed", async () => {
    const h = createHarness();
    await loadSettings(h.deps);
    h.api.settings = { ...h.api.settings, postMeetingSyncDays: 30 };
    h.clock.advance(SETTINGS_TTL_MS + 1);
    const refreshed = await loadSettings(h.deps);
    expect(refreshed).toMatchObject({ source: "network", value: { postMeetingSyncDays: 30 } });
  });

  test("when InterAction is down the stale copy is used and the reason kept", async () => {
    const h = createHarness();
    await loadSettings(h.deps);
    h.clock.advance(SETTINGS_TTL_MS + 1);
    h.api.fail("getSettings", apiError("server", "InterAction is unavailable."));
    const stale = await loadSettings(h.deps);
    expect(stale).toMatchObject({
      source: "staleCache",
      error: { message: "InterAction is unavailable.", retryable: true },
    });
    expect(stale.value).not.toBeNull();
  });

  test("a hanging InterAction does not hold the run: the stale copy answers at the deadline", async () => {
    const h = createHarness();
    await loadSettings(h.deps);
    h.clock.advance(SETTINGS_TTL_MS + 1);
    h.api.hang("getSettings");
    const deadline = startDeadline(20);
    expect((await loadSettings(h.deps, { deadline })).source).toBe("staleCache");
    deadline.cancel();
    h.api.releaseHangs();
  });

  test("no copy and no InterAction: no settings, with the reason", async () => {
    const h = createHarness();
    h.api.fail("getSettings", apiError("network", "No network."));
    expect(await loadSettings(h.deps)).toEqual({
      value: null,
      source: "none",
      error: { message: "No network.", retryable: true },
    });
  });

  test("a damaged cache is ignored", async () => {
    const h = createHarness();
    await h.storage.setItem(SETTINGS_KEY, "{not json");
    expect((await loadSettings(h.deps)).source).toBe("network");
  });

  test("settings InterAction answers in an unreadable shape are not cached", async () => {
    const h = createHarness();
    (h.api as unknown as { settings: unknown }).settings = { enabled: "yes" };
    const result = await loadSettings(h.deps);
    expect(result.value).toBeNull();
    expect(await h.storage.getItem(SETTINGS_KEY)).toBeNull();
  });

  test("activity types are cached the same way", async () => {
    const h = createHarness();
    expect((await loadActivityTypes(h.deps)).map((t) => t.name)).toEqual(["Meeting", "Call"]);
    h.api.fail("getActivityTypes", apiError("server"));
    expect(await loadActivityTypes(h.deps)).toHaveLength(2);
  });
});
