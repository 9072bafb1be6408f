import { createItemNotifier, fitNotification, notificationKey } from "../../src/office/notifier";
import { createFakeOutlook } from "../support/fakeOutlook";

describe("status on the item's notification bar", () => {
  it("a newer notice replaces the older one of the same topic instead of stacking", async () => {
    const outlook = createFakeOutlook();
    const notifier = createItemNotifier(outlook.mailbox);
    await notifier.show({
      key: "sync",
      kind: "info",
      message: "This meeting will be added to InterAction when you send it.",
    });
    await notifier.show({ key: "sync", kind: "success", message: "Added to InterAction." });
    expect([...outlook.notifications.values()]).toEqual([
      {
        key: notificationKey("sync"),
        type: "informationalMessage",
        message: "Added to InterAction.",
        icon: "Icon.16",
        persistent: false,
      },
    ]);
  });

  it("warnings stay until dismissed; errors use Outlook's error style", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "read" } });
    const notifier = createItemNotifier(outlook.mailbox);
    await notifier.show({
      key: "pending",
      kind: "warning",
      message: "InterAction will be updated when it is reachable.",
    });
    await notifier.show({
      key: "eligibility",
      kind: "error",
      message: "Private meetings cannot be added to InterAction.",
    });
    expect(outlook.notifications.get(notificationKey("pending"))).toMatchObject({ persistent: true });
    expect(outlook.notifications.get(notificationKey("eligibility"))).toEqual({
      key: notificationKey("eligibility"),
      type: "errorMessage",
      message: "Private meetings cannot be added to InterAction.",
    });
  });

  it("a message longer than Outlook's 150 characters is shortened with an ellipsis", async () => {
    const outlook = createFakeOutlook();
    await createItemNotifier(outlook.mailbox).show({ key: "sync", kind: "info", message: "word ".repeat(60) });
    const shown = outlook.notifications.get(notificationKey("sync"))?.message ?? "";
    expect(shown.length).toBeLessThanOrEqual(150);
    expect(shown.endsWith("…")).toBe(true);
    expect(fitNotification("  short   text ")).toBe("short text");
  });

  it("clearing a topic removes its message, and clearing one that is not shown is not an error", async () => {
    const outlook = createFakeOutlook();
    const notifier = createItemNotifier(outlook.mailbox);
    await notifier.show({ key: "pending", kind: "warning", message: "Pending." });
    await notifier.clear("pending");
    expect(outlook.notifications.size).toBe(0);
    await expect(notifier.clear("pending")).resolves.toBeUndefined();
  });

  it("a host failure is reported as a typed error", async () => {
    const outlook = createFakeOutlook({
      failures: { replaceAsync: { name: "GenericResponseError", message: "busy" } },
    });
    await expect(
      createItemNotifier(outlook.mailbox).show({ key: "sync", kind: "info", message: "x" }),
    ).rejects.toMatchObject({ name: "OfficeApiError", operation: "show a notification" });
  });

  it("keys fit Outlook's 32-character limit", () => {
    for (const key of ["sync", "eligibility", "pending"] as const)
      expect(notificationKey(key).length).toBeLessThanOrEqual(32);
  });
});
