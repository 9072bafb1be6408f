import { createOfficeMailboxItem, contentTypeOf } from "../../src/office/mailboxItem";
import { isOfficeApiError } from "../../src/office/officeAsync";
import { createFakeOutlook } from "../support/fakeOutlook";

describe("reading the organizer's meeting form (compose mode)", () => {
  it("reads every field the sync needs into a snapshot, with UTC instants and plain-text notes", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        itemId: "AAMkExisting",
        optionalAttendees: [{ emailAddress: "Dave@Acme.example", displayName: " Dave  Diaz " }],
        attachments: [{ id: "att1", name: "Term sheet.pdf", size: 2048, base64: "JVBERi0=" }],
      },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot).toEqual({
      itemId: "AAMkExisting",
      subject: "Acme strategy review",
      start: "2030-03-04T15:00:00.000Z",
      end: "2030-03-04T16:00:00.000Z",
      location: "Board room 4",
      organizer: { email: "alice@firm.example", name: "Alice Adams" },
      attendees: [
        { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "none" },
        { email: "dave@acme.example", name: "Dave  Diaz", type: "optional", response: "none" },
      ],
      notes: "Agenda: pricing.\r\nBring the Q3 numbers.",
      attachments: [
        {
          id: "att1",
          name: "Term sheet.pdf",
          size: 2048,
          contentType: "application/pdf",
          isInline: false,
          kind: "file",
        },
      ],
      isRecurring: false,
      sensitivity: "normal",
      isCancelled: false,
      role: "organizer",
      user: { email: "alice@firm.example", name: "Alice Adams" },
      userResponse: "organizer",
      isNew: false,
    });
  });

  it("a meeting that was never saved has no item id and is new", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: undefined } });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.isNew).toBe(true);
    expect(snapshot.itemId).toBeUndefined();
  });

  it("a recurring series and a private meeting are reported as such", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "compose", recurrence: { recurrenceType: "weekly" }, sensitivity: "private" },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.isRecurring).toBe(true);
    expect(snapshot.sensitivity).toBe("private");
  });

  it("classic Outlook's Send Cancellation form (subject shown with Outlook's prefix) is recognised as cancelled", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: "x", subject: "Canceled: Acme review" } });
    expect((await createOfficeMailboxItem(outlook.mailbox).read()).isCancelled).toBe(true);
  });

  // The prefix is in the organizer's Outlook display language; these are Outlook's usual wordings (best effort).
  it.each([
    "Cancelled: Acme review",
    "Abgesagt: Acme review",
    "Annulé : Acme review",
    "Annulé\u00a0: Acme review",
    "Cancelado: Acme review",
    "Cancelada: Acme review",
    "Annullato: Acme review",
    "Geannuleerd: Acme review",
  ])("classic Outlook's cancellation form in another display language (%s) is recognised too", async (subject) => {
    const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: "x", subject } });
    expect((await createOfficeMailboxItem(outlook.mailbox).read()).isCancelled).toBe(true);
  });

  it.each(["Cancellation policy review", "Acme: canceled items", "Re: Canceled: Acme review", "Canceled Acme review"])(
    "an ordinary meeting whose subject merely mentions cancelling (%s) is not a cancellation",
    async (subject) => {
      const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: "x", subject } });
      expect((await createOfficeMailboxItem(outlook.mailbox).read()).isCancelled).toBe(false);
    },
  );

  it("cloud links and attached items are told apart from files, and inline pictures are flagged", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        attachments: [
          { id: "a", name: "logo.png", size: 10, isInline: true },
          { id: "b", name: "Deck", size: 0, attachmentType: "cloud" },
          { id: "c", name: "Fwd: minutes", size: 300, attachmentType: "item" },
        ],
      },
    });
    const { attachments } = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(attachments.map((a) => [a.id, a.kind, a.isInline, a.contentType])).toEqual([
      ["a", "file", true, "image/png"],
      ["b", "cloud", false, "application/octet-stream"],
      ["c", "item", false, "application/octet-stream"],
    ]);
  });

  it("an Outlook failure becomes a typed error that names what was being read", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "compose" },
      failures: { requiredAttendees: { name: "InternalServerError", message: "Mailbox unavailable" } },
    });
    const error = await createOfficeMailboxItem(outlook.mailbox)
      .read()
      .catch((e) => e);
    expect(isOfficeApiError(error)).toBe(true);
    expect(error.operation).toBe("read the required attendees");
    expect(error.code).toBe("InternalServerError");
    expect(error.message).toContain("Mailbox unavailable");
  });

  it("on the organizer's own form, an organizer Outlook cannot read is the signed-in user", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "compose" },
      failures: { organizer: { name: "GenericResponseError", message: "busy" } },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.organizer).toEqual({ email: "alice@firm.example", name: "Alice Adams" });
  });

  it("a host without the sensitivity API (below Mailbox 1.14) is refused rather than guessed", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "compose" }, missing: ["sensitivity"] });
    const error = await createOfficeMailboxItem(outlook.mailbox)
      .read()
      .catch((e) => e);
    expect(error).toMatchObject({ name: "OfficeApiError", code: "apiUnavailable" });
  });

  it("reads an attachment's bytes as base64 with a content type derived from its name", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "compose", attachments: [{ id: "att1", name: "Minutes.docx", size: 4, base64: "UEsDBA==" }] },
    });
    await expect(createOfficeMailboxItem(outlook.mailbox).readAttachment("att1")).resolves.toEqual({
      base64: "UEsDBA==",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
  });

  it("a cloud attachment cannot be read as a file and says so", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        attachments: [{ id: "c1", name: "Deck", size: 0, attachmentType: "cloud", format: "url", base64: "https://x" }],
      },
    });
    await expect(createOfficeMailboxItem(outlook.mailbox).readAttachment("c1")).rejects.toMatchObject({
      code: "unsupportedFormat",
    });
  });
});

describe("reading an invitation as attendee (read mode)", () => {
  it("reads the meeting with the outside organizer and the user's own response", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "read",
        itemId: "AAMkInvite",
        attachments: [{ id: "r1", name: "nda.pdf", size: 99, contentType: "application/pdf", base64: "JVBE" }],
      },
    });
    const item = createOfficeMailboxItem(outlook.mailbox);
    expect(item.mode()).toBe("read");
    const snapshot = await item.read();
    expect(snapshot).toMatchObject({
      itemId: "AAMkInvite",
      role: "attendee",
      userResponse: "accepted",
      organizer: { email: "carol@acme.example", name: "Carol Chen" },
      isNew: false,
      isRecurring: false,
      start: "2030-03-04T15:00:00.000Z",
    });
    expect(snapshot.attendees).toContainEqual({
      email: "alice@firm.example",
      name: "Alice Adams",
      type: "required",
      response: "accepted",
    });
    expect(snapshot.attachments[0]).toMatchObject({ id: "r1", contentType: "application/pdf", kind: "file" });
    await expect(item.readAttachment("r1")).resolves.toEqual({ base64: "JVBE", contentType: "application/pdf" });
  });

  it("a tentative answer and an unanswered invitation are the user's response", async () => {
    for (const response of ["tentative", "none", "declined"] as const) {
      const outlook = createFakeOutlook({
        meeting: {
          mode: "read",
          requiredAttendees: [
            { emailAddress: "alice@firm.example", displayName: "Alice", appointmentResponse: response },
          ],
        },
      });
      expect((await createOfficeMailboxItem(outlook.mailbox).read()).userResponse).toBe(response);
    }
  });

  it("invited through a distribution list: Outlook lists the list, not the user, so the response is unknown", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "read",
        requiredAttendees: [
          { emailAddress: "carol@acme.example", displayName: "Carol Chen", appointmentResponse: "organizer" },
          { emailAddress: "pricing-team@firm.example", displayName: "Pricing team", appointmentResponse: "none" },
        ],
      },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.role).toBe("attendee");
    expect(snapshot.userResponse).toBe("unknown");
  });

  it("an occurrence of a series counts as recurring, and a cancelled invitation as cancelled", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "read", seriesId: "AAMkSeries", subject: "Cancelled: Weekly sync" },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.isRecurring).toBe(true);
    expect(snapshot.isCancelled).toBe(true);
  });

  it("the organizer viewing their own meeting read-only is still the organizer", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "read", organizer: { emailAddress: "alice@firm.example", displayName: "Alice Adams" } },
    });
    const snapshot = await createOfficeMailboxItem(outlook.mailbox).read();
    expect(snapshot.role).toBe("organizer");
    expect(snapshot.userResponse).toBe("organizer");
  });

  it("no open item is a typed error, not a crash", async () => {
    const outlook = createFakeOutlook({ missing: ["item"] });
    await expect(createOfficeMailboxItem(outlook.mailbox).read()).rejects.toMatchObject({ code: "apiUnavailable" });
  });
});

describe("content types of compose-mode attachments", () => {
  it("comes from the file name, with a safe default", () => {
    expect(contentTypeOf("a.XLSX")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(contentTypeOf("noextension")).toBe("application/octet-stream");
    expect(contentTypeOf("x.pdf", "application/x-custom")).toBe("application/x-custom");
  });

  it("an extension named like an Object built-in is an unknown type, not a function (the name is outside data)", () => {
    for (const ext of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(contentTypeOf(`minutes.${ext}`)).toBe("application/octet-stream");
    }
  });
});
