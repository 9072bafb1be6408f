// Who keeps a meeting in step, read from InterAction's record (the sync service never writes to the mailbox).
import { keptInStepByService, serviceDeliveries } from "../../src/core/keptInStep";
import { messages } from "../../src/core/messages";
import type { MeetingDelivery } from "../../src/core/record";

const d = (at: string, revision: number, by: MeetingDelivery["by"]): MeetingDelivery => ({ at, revision, by });

describe("who keeps the meeting in step", () => {
  test("the service wrote last: its time, whatever order the record lists the writes in", () => {
    const deliveries = [
      d("2026-12-01T09:00:00.000Z", 1, "addin"),
      d("2026-12-01T12:04:00.000Z", 3, "syncService"),
      d("2026-12-01T11:00:00.000Z", 2, "syncService"),
    ];
    expect(keptInStepByService({ deliveries })).toBe("2026-12-01T12:04:00.000Z");
    expect(serviceDeliveries({ deliveries }).map((x) => x.revision)).toEqual([3, 2]);
  });

  test("the add-in wrote last, nothing recorded, or no record: the add-in's own status says it", () => {
    const deliveries = [d("2026-12-01T11:00:00.000Z", 2, "syncService"), d("2026-12-01T12:00:00.000Z", 3, "addin")];
    expect(keptInStepByService({ deliveries })).toBeNull();
    expect(serviceDeliveries({ deliveries })).toEqual([deliveries[0]]);
    expect(keptInStepByService({})).toBeNull();
    expect(keptInStepByService(null)).toBeNull();
    expect(serviceDeliveries(undefined)).toEqual([]);
  });

  test("the sentences", () => {
    expect(messages.keptInStep.byService("12:04")).toBe(
      "Kept in step by your firm's sync service, last change at 12:04.",
    );
    expect(messages.history.serviceDelivery(3)).toBe("Meeting updated (revision 3) by your firm's sync service.");
  });
});
