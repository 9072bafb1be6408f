/** @jest-environment jsdom */
// Below the status: per-meeting choices, attendees resolved to InterAction, documents with upload progress, and
// the sync history.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InterActionError } from "../../src/sync/errors";
import { addedState, record, renderPane, snapshot, view } from "./fixtures";

describe("per-meeting choices", () => {
  it("mode, visibility and meeting type start from the firm settings and name the firm default", async () => {
    await renderPane(view());
    expect(screen.getByTestId("mode-select")).toHaveValue("automatic");
    expect(screen.getByLabelText("Sync this meeting")).toBe(screen.getByTestId("mode-select"));
    expect(screen.getByLabelText("Who can see it in InterAction")).toHaveValue("everyone");
    const type = screen.getByLabelText("Meeting type");
    expect(type).toHaveValue("at-meeting");
    expect(within(type).getByRole("option", { name: "Meeting (firm default)" })).toBeInTheDocument();
  });

  it("choosing Never reaches the controller as a preference and the pane shows the result", async () => {
    const { services } = await renderPane(view());
    services.updatePreferences.mockImplementationOnce(async () => {
      services.current = view({
        state: { ...services.current.state, mode: "never" },
        status: "ineligible",
        eligibility: { eligible: false, reason: "neverMode", message: "" },
      });
      return services.current.state;
    });
    await userEvent.selectOptions(screen.getByTestId("mode-select"), "never");
    expect(services.updatePreferences).toHaveBeenCalledWith({ mode: "never" });
    expect(await screen.findByTestId("eligibility")).toHaveTextContent("You chose never to sync this meeting");
    expect(screen.getByTestId("mode-select")).toHaveValue("never");
    expect(screen.getByTestId("add-button")).toBeDisabled();
  });

  it("visibility Only me and a meeting type are sent as preferences", async () => {
    const { services } = await renderPane(view());
    await userEvent.selectOptions(screen.getByTestId("visibility-select"), "onlyMe");
    expect(services.updatePreferences).toHaveBeenLastCalledWith({ visibility: "onlyMe" });
    await userEvent.selectOptions(screen.getByTestId("activity-type-select"), "at-call");
    expect(services.updatePreferences).toHaveBeenLastCalledWith({ activityTypeId: "at-call" });
  });

  it("visibility to a group offers the user's groups", async () => {
    const { services } = await renderPane(view());
    await userEvent.selectOptions(screen.getByTestId("visibility-select"), "group");
    const group = await screen.findByTestId("group-select");
    await userEvent.selectOptions(group, "g-lit");
    expect(services.updatePreferences).toHaveBeenLastCalledWith({ visibility: { groupId: "g-lit" } });
  });

  it("a meeting already visible to a group shows that group", async () => {
    await renderPane(
      view({ state: addedState({ visibility: { groupId: "g-lit" } }), status: "synced", record: record() }),
    );
    expect(screen.getByTestId("visibility-select")).toHaveValue("group");
    expect(screen.getByTestId("group-select")).toHaveValue("g-lit");
  });
});

describe("attendees resolved to InterAction", () => {
  it("an added meeting lists contacts with their companies, colleagues, and the attendees InterAction doesn't know", async () => {
    await renderPane(view({ status: "synced", state: addedState(), record: record() }));
    const carol = screen.getAllByTestId("attendee").find((el) => el.dataset.email === "carol@acme.example")!;
    expect(carol).toHaveAttribute("data-kind", "contact");
    expect(carol).toHaveTextContent("Carol Chen carol@acme.example · works for Acme Corporation");
    const bob = screen.getAllByTestId("attendee").find((el) => el.dataset.email === "bob@firm.example")!;
    expect(bob).toHaveAttribute("data-kind", "colleague");
    const unresolved = screen.getByTestId("attendees-unresolved");
    expect(unresolved).toHaveTextContent("Zed Zulu");
    expect(within(screen.getByTestId("companies")).getByText("Acme Corporation")).toBeInTheDocument();
  });

  it("before the meeting is added, attendees are looked up in InterAction", async () => {
    const { services } = await renderPane(view());
    expect(services.lookupAttendees).toHaveBeenCalledWith([
      "carol@acme.example",
      "zed@unknown.example",
      "bob@firm.example",
    ]);
    const carol = screen.getAllByTestId("attendee").find((el) => el.dataset.email === "carol@acme.example")!;
    expect(carol).toHaveTextContent("works for Acme Corporation");
    expect(within(carol).getByText("Top Client")).toBeInTheDocument();
  });

  it("an unresolved attendee can be added as a contact", async () => {
    const { services } = await renderPane(view({ status: "synced", state: addedState(), record: record() }));
    const button = screen.getByRole("button", { name: "Add as contact: Zed Zulu (zed@unknown.example)" });
    expect(button).toHaveTextContent("Add as contact");
    await userEvent.click(button);
    expect(services.addContact).toHaveBeenCalledWith({ email: "zed@unknown.example", name: "Zed Zulu" });
    const zed = screen.getAllByTestId("attendee").find((el) => el.dataset.email === "zed@unknown.example")!;
    expect(zed).toHaveTextContent("Added as contact");
    expect(within(zed).queryByRole("button")).toBeNull();
  });

  it("adding a contact that fails says why and the button stays", async () => {
    const { services } = await renderPane(view({ status: "synced", state: addedState(), record: record() }));
    services.addContact.mockRejectedValueOnce(
      new InterActionError("invalid", "InterAction rejected the request as invalid.", false, 400),
    );
    await userEvent.click(screen.getByTestId("add-contact"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn't add: InterAction rejected the request as invalid.",
    );
    expect(screen.getByTestId("add-contact")).toBeEnabled();
  });

  it("an attendee who already is a contact (409) shows as added, not as a failure", async () => {
    const { services } = await renderPane(view({ status: "synced", state: addedState(), record: record() }));
    services.addContact.mockRejectedValueOnce(
      new InterActionError("conflict", "This address already belongs to a contact.", false, 409),
    );
    await userEvent.click(screen.getByTestId("add-contact"));
    const zed = screen.getAllByTestId("attendee").find((el) => el.dataset.email === "zed@unknown.example")!;
    expect(await within(zed).findByText("Added as contact")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("when InterAction can't be asked, attendees are still listed", async () => {
    const { services, controller } = await renderPane(view(), { start: false });
    services.lookupAttendees.mockRejectedValue(new InterActionError("network", "offline", true));
    await act(() => controller.start());
    const rows = screen.getAllByTestId("attendee");
    expect(rows.map((r) => r.dataset.email)).toEqual([
      "alice@firm.example",
      "bob@firm.example",
      "carol@acme.example",
      "zed@unknown.example",
    ]);
    expect(rows.find((r) => r.dataset.email === "zed@unknown.example")).toHaveAttribute("data-kind", "unknown");
    expect(screen.getByText("Attendees couldn't be looked up in InterAction right now.")).toBeInTheDocument();
  });
});

describe("documents", () => {
  const attachments = [
    {
      id: "att-1",
      name: "agenda.pdf",
      size: 120_000,
      contentType: "application/pdf",
      isInline: false,
      kind: "file" as const,
    },
    {
      id: "att-2",
      name: "big-deck.pptx",
      size: 25 * 1024 * 1024,
      contentType: "application/vnd.ms-powerpoint",
      isInline: false,
      kind: "file" as const,
    },
    { id: "att-3", name: "link", size: 0, contentType: "text/plain", isInline: false, kind: "cloud" as const },
  ];
  const docs = view({
    status: "pending",
    state: addedState(),
    record: record(),
    snapshot: snapshot({ attachments }),
    documents: [
      {
        attachmentId: "att-1",
        name: "agenda.pdf",
        size: 120_000,
        contentType: "application/pdf",
        documentKey: "d1",
        state: "uploaded",
      },
      {
        attachmentId: "att-2",
        name: "big-deck.pptx",
        size: 25 * 1024 * 1024,
        contentType: "x",
        documentKey: "d2",
        state: "queued",
      },
      { attachmentId: "att-3", name: "link", size: 0, contentType: "text/plain", state: "notSynced" },
    ],
  });

  it("each attachment shows its state as an InterAction document", async () => {
    await renderPane(docs);
    const rows = screen.getAllByTestId("document");
    expect(rows.map((r) => r.dataset.phase)).toEqual(["uploaded", "planned", "skipped"]);
    expect(rows[0]).toHaveTextContent("agenda.pdf");
    expect(rows[0]).toHaveTextContent("In InterAction");
    expect(rows[1]).toHaveTextContent("25 MB");
    expect(rows[1]).toHaveTextContent("Waiting to upload");
    expect(rows[2]).toHaveTextContent("Not uploaded (not a file)");
    expect(screen.queryByTestId("upload-progress")).toBeNull();
  });

  it("a failed upload says why", async () => {
    await renderPane(
      view({
        ...docs,
        documents: [
          {
            attachmentId: "att-2",
            name: "big-deck.pptx",
            size: 1,
            contentType: "x",
            state: "failed",
            error: "The file is too large for InterAction (at most 30 MB).",
          },
        ],
      }),
    );
    expect(screen.getByTestId("document")).toHaveAttribute("data-phase", "tooLarge");
    expect(screen.getByTestId("document-state")).toHaveTextContent("Too large to upload: The file is too large");
  });

  it("while documents upload a progress bar moves, and the pane stays usable", async () => {
    const { services } = await renderPane(docs);
    let finish!: () => void;
    services.refresh.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          finish = () =>
            resolve({ status: "synced", eligibility: { eligible: true }, notice: null, delivered: 1, queued: 0 });
        }),
    );
    // Refreshing delivers the outbox; the decorated ports report each document's progress.
    await userEvent.click(screen.getByTestId("refresh-button"));
    await act(async () => {
      services.emitUpload({ attachmentId: "att-2", name: "big-deck.pptx", size: 25 * 1024 * 1024, phase: "reading" });
    });
    expect(screen.getByTestId("upload-progress")).toBeInTheDocument();
    expect(screen.getAllByTestId("document")[1]).toHaveAttribute("data-phase", "reading");
    await act(async () => {
      services.emitUpload({ attachmentId: "att-2", name: "big-deck.pptx", size: 25 * 1024 * 1024, phase: "uploading" });
    });
    expect(screen.getAllByTestId("document")[1]).toHaveTextContent("Uploading…");
    expect(screen.getByRole("progressbar", { name: "Uploading… big-deck.pptx" })).toBeInTheDocument();
    // The rest of the pane keeps working during the upload.
    await userEvent.click(screen.getByTestId("tab-clients"));
    expect(await screen.findByTestId("company-search")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("tab-meeting"));
    await act(async () => {
      services.emitUpload({ attachmentId: "att-2", name: "big-deck.pptx", size: 25 * 1024 * 1024, phase: "uploaded" });
    });
    expect(screen.getAllByTestId("document")[1]).toHaveAttribute("data-phase", "uploaded");
    services.current = view({
      ...docs,
      status: "synced",
      documents: docs.documents.map((d) => (d.attachmentId === "att-2" ? { ...d, state: "uploaded" } : d)),
    });
    await act(async () => finish());
    expect(screen.queryByTestId("upload-progress")).toBeNull();
    expect(screen.getAllByTestId("document")[1]).toHaveTextContent("In InterAction");
  });
});

describe("sync history", () => {
  it("lists what was sent, when, and the result, newest first", async () => {
    await renderPane(
      view({
        status: "synced",
        state: addedState({ revision: 2 }),
        record: record(),
        history: [
          {
            at: "2026-11-24T10:00:00.000Z",
            action: "create",
            revision: 1,
            result: "delivered",
            message: "Added to InterAction.",
          },
          {
            at: "2026-11-25T08:00:00.000Z",
            action: "update",
            revision: 2,
            result: "queued",
            message: "InterAction could not be reached.",
          },
          {
            at: "2026-11-25T08:30:00.000Z",
            action: "document",
            documentName: "agenda.pdf",
            result: "delivered",
            message: "",
          },
        ],
      }),
    );
    const entries = within(screen.getByTestId("history")).getAllByTestId("history-entry");
    expect(entries.map((e) => e.dataset.action)).toEqual(["document", "update", "create"]);
    expect(entries[0]).toHaveTextContent("Nov 25, 2026, 8:30 AM Document “agenda.pdf” — sent");
    expect(entries[1]).toHaveTextContent("Meeting updated (revision 2) — queued: InterAction could not be reached.");
    expect(entries[2]).toHaveTextContent("Meeting added (revision 1) — sent");
  });

  it("says when nothing was sent yet", async () => {
    await renderPane(view());
    expect(screen.getByTestId("history")).toHaveTextContent("Nothing sent to InterAction yet.");
  });
});
