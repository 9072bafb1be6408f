// Writes per committed change: a scripted organizer scenario driven through the built commands bundle (DOM-less
// runtime, fake Outlook item) against the sandbox, counting the writes in the sandbox's request log after each step
// (from a marker request made before the step: the log keeps only its last 1,000 entries, so positions shift).
// Targets: 1 meeting write per committed meeting change, +1 per new document, 0 for events that change nothing
// InterAction stores (form events before send, reopening, re-sending unchanged, edits normalization ignores).
import { createFakeOutlook, type FakeAttachment, type FakePerson } from "../test/support/fakeOutlook";
import { loadCommandsRuntime, type CommandsRuntime, type FakeOutlook } from "./commandsRuntime";
import { exactly, figure, type Figure } from "./figure";
import { isDocumentWrite, isMeetingWrite, isWrite, type BenchSandbox } from "./sandbox";

interface Expect {
  meeting: number;
  documents: number;
}

export interface StepResult {
  step: string;
  expected: Expect;
  meetingWrites: number;
  documentWrites: number;
  otherWrites: number;
  /** Writes InterAction refused or failed (status 0 or >= 300): a write that did not land is not a write saved. */
  failedWrites: number;
  ok: boolean;
}

const attachment = (id: string, name: string, text: string): FakeAttachment => ({
  id,
  name,
  size: Buffer.byteLength(text),
  contentType: "text/plain",
  base64: Buffer.from(text).toString("base64"),
});

const carol: FakePerson = { emailAddress: "carol@acme.example", displayName: "Carol Chen" };
const dave: FakePerson = { emailAddress: "dave@acme.example", displayName: "Dave Diaz" };

/** One run of the scenario on a new meeting; returns what each step wrote. */
async function scenario(source: string, box: BenchSandbox, run: number): Promise<StepResult[]> {
  const storage = new Map<string, string>(); // OfficeRuntime.storage: persisted across runtimes
  const results: StepResult[] = [];
  let runtime: CommandsRuntime | undefined;
  let outlook: FakeOutlook;
  let itemId: string | undefined;

  const step = async (name: string, expected: Expect, action: () => Promise<void>) => {
    const marker = await box.mark();
    await action();
    const log = await box.requestsSince(marker);
    const writes = log.filter(isWrite);
    const meetingWrites = writes.filter(isMeetingWrite).length;
    const documentWrites = writes.filter(isDocumentWrite).length;
    const otherWrites = writes.length - meetingWrites - documentWrites;
    const failedWrites = writes.filter((w) => w.status === 0 || w.status >= 300).length;
    results.push({
      step: name,
      expected,
      meetingWrites,
      documentWrites,
      otherWrites,
      failedWrites,
      ok:
        meetingWrites === expected.meeting &&
        documentWrites === expected.documents &&
        otherWrites === 0 &&
        failedWrites === 0,
    });
  };
  /** The organizer opens the form: a new runtime (Outlook starts one per event burst), the item as Outlook keeps it. */
  const open = (meeting: Parameters<typeof createFakeOutlook>[0]) => {
    outlook = createFakeOutlook(meeting);
    runtime = loadCommandsRuntime(source, { sandboxUrl: box.url, storage, outlook });
  };
  const reopen = () => {
    const previous = outlook;
    previous.commit();
    itemId = itemId ?? `AAMkBench${run}`;
    open({ meeting: { ...previous.meeting, mode: "compose", itemId }, customProperties: previous.storedProperties() });
  };
  const fire = async (name: string) => {
    const { completion } = await (runtime as CommandsRuntime).fire(name);
    if (name === "onAppointmentSend" && (completion as { allowEvent?: boolean }).allowEvent !== true) {
      throw new Error(`the send was not allowed: ${JSON.stringify(completion)}`);
    }
  };
  const send = async () => {
    await fire("onAppointmentSend");
    outlook.commit();
  };
  const none = { meeting: 0, documents: 0 };

  open({
    meeting: {
      mode: "compose",
      subject: `Acme pricing review ${run}`,
      start: new Date(Date.UTC(2030, 2, 4 + run, 15)),
      end: new Date(Date.UTC(2030, 2, 4 + run, 16)),
      requiredAttendees: [{ ...carol }],
    },
  });
  await step("new meeting form opened (OnNewAppointmentOrganizer)", none, () => fire("onNewAppointmentOrganizer"));
  await step("time changed before send (OnAppointmentTimeChanged)", none, async () => {
    outlook.meeting.start = new Date(outlook.meeting.start.getTime() + 3600_000);
    outlook.meeting.end = new Date(outlook.meeting.end.getTime() + 3600_000);
    await fire("onAppointmentTimeChanged");
  });
  await step("attendee added before send (OnAppointmentAttendeesChanged)", none, async () => {
    outlook.meeting.requiredAttendees = [...outlook.meeting.requiredAttendees, { ...dave }];
    await fire("onAppointmentAttendeesChanged");
  });
  await step("sent: the meeting is created", { meeting: 1, documents: 0 }, send);
  await step("reopened by the organizer, nothing changed (OnAppointmentOrganizer)", none, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
  });
  await step("re-sent unchanged", none, send);
  await step("subject and location edited, sent", { meeting: 1, documents: 0 }, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    outlook.meeting.subject += " (revised)";
    outlook.meeting.location = "Board room 2";
    await send();
  });
  await step("edits InterAction does not store (address case, spacing, line endings), sent", none, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    outlook.meeting.requiredAttendees = outlook.meeting.requiredAttendees.map((a) => ({
      ...a,
      emailAddress: a.emailAddress.toUpperCase(),
      displayName: ` ${a.displayName.replace(" ", "  ")} `,
    }));
    outlook.meeting.body = `${outlook.meeting.body.replace(/\r\n/g, "\n")}  \r\n`;
    await send();
  });
  await step("attachment added (OnAppointmentAttachmentsChanged), sent", { meeting: 0, documents: 1 }, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    outlook.meeting.attachments = [...outlook.meeting.attachments, attachment("att-1", "agenda.txt", `Agenda ${run}`)];
    await fire("onAppointmentAttachmentsChanged");
    await send();
  });
  await step("time moved and two attachments added, sent", { meeting: 1, documents: 2 }, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    outlook.meeting.start = new Date(outlook.meeting.start.getTime() + 86_400_000);
    outlook.meeting.end = new Date(outlook.meeting.end.getTime() + 86_400_000);
    await fire("onAppointmentTimeChanged");
    outlook.meeting.attachments = [
      ...outlook.meeting.attachments,
      attachment("att-2", "figures.txt", `Q3 figures ${run}`),
      attachment("att-3", "minutes.txt", `Minutes ${run}`),
    ];
    await fire("onAppointmentAttachmentsChanged");
    await send();
  });
  await step("reopened and re-sent unchanged (documents already in InterAction)", none, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    await send();
  });
  await step(
    "moved by drag in the calendar (committed without the form), reopened",
    { meeting: 1, documents: 0 },
    async () => {
      reopen();
      outlook.meeting.start = new Date(outlook.meeting.start.getTime() + 2 * 3600_000);
      outlook.meeting.end = new Date(outlook.meeting.end.getTime() + 2 * 3600_000);
      await fire("onAppointmentOrganizer");
    },
  );
  // Outlook sends a cancellation through the send event, the form's subject prefixed "Canceled:".
  await step("meeting cancelled by the organizer (cancellation sent)", { meeting: 1, documents: 0 }, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
    outlook.meeting.subject = `Canceled: ${outlook.meeting.subject}`;
    await send();
  });
  await step("cancelled meeting reopened", none, async () => {
    reopen();
    await fire("onAppointmentOrganizer");
  });

  // A meeting no firm rule adds (a Prospect only): sending it writes nothing; the ribbon's Add on the sent meeting
  // adds it, once.
  itemId = undefined;
  open({
    meeting: {
      mode: "compose",
      subject: `Globex intro ${run}`,
      start: new Date(Date.UTC(2030, 3, 4 + run, 15)),
      end: new Date(Date.UTC(2030, 3, 4 + run, 16)),
      requiredAttendees: [{ emailAddress: "erin@globex.example", displayName: "Erin Evans" }],
    },
  });
  await step("meeting no firm rule adds, sent", none, async () => {
    await fire("onNewAppointmentOrganizer");
    await send();
  });
  await step("that meeting added with the ribbon's Add to InterAction", { meeting: 1, documents: 0 }, async () => {
    itemId = `AAMkBenchGlobex${run}`;
    reopen();
    await fire("onAppointmentOrganizer");
    await fire("addToInterAction");
  });
  await step("Add to InterAction pressed again", none, () => fire("addToInterAction"));

  // An attendee: a client's invitation Alice accepted, read view; her Add writes once (custom properties of a read
  // item persist at once, so pressing it again finds the meeting in sync).
  open({
    meeting: {
      mode: "read",
      itemId: `AAMkBenchInvite${run}`,
      subject: `Acme board prep ${run}`,
      start: new Date(Date.UTC(2030, 5, 4 + run, 15)),
      end: new Date(Date.UTC(2030, 5, 4 + run, 16)),
    },
  });
  await step("attendee adds a client's invitation (read view, Add to InterAction)", { meeting: 1, documents: 0 }, () =>
    fire("addToInterAction"),
  );
  await step("attendee presses Add to InterAction again", none, () => fire("addToInterAction"));
  return results;
}

export async function benchWrites(source: string, box: BenchSandbox, runs = 3): Promise<Record<string, Figure>> {
  const all: StepResult[][] = [];
  for (let run = 1; run <= runs; run++) all.push(await scenario(source, box, run));
  const sum = (steps: StepResult[], f: (s: StepResult) => number) => steps.reduce((a, s) => a + f(s), 0);
  const changeSteps = (steps: StepResult[]) => steps.filter((s) => s.expected.meeting > 0);
  const docSteps = (steps: StepResult[]) => steps.filter((s) => s.expected.documents > 0);
  const noopSteps = (steps: StepResult[]) =>
    steps.filter((s) => s.expected.meeting === 0 && s.expected.documents === 0);

  const perChange = all.map(
    (steps) => sum(changeSteps(steps), (s) => s.meetingWrites) / sum(changeSteps(steps), (s) => s.expected.meeting),
  );
  const perDocument = all.map(
    (steps) => sum(docSteps(steps), (s) => s.documentWrites) / sum(docSteps(steps), (s) => s.expected.documents),
  );
  const noop = all.map((steps) => sum(noopSteps(steps), (s) => s.meetingWrites + s.documentWrites + s.otherWrites));
  const meetingWritesInDocOnlySteps = all.map((steps) =>
    sum(
      steps.filter((s) => s.expected.meeting === 0 && s.expected.documents > 0),
      (s) => s.meetingWrites,
    ),
  );
  const first = all[0] as StepResult[];
  const everyStepOk = all.every((steps) => steps.every((s) => s.ok));
  // A ratio of 1 can hide a step that wrote twice next to one that wrote nothing: each figure is met only when each
  // of its steps wrote exactly what it should, in every run.
  const stepsOk = (pick: (steps: StepResult[]) => StepResult[]) => all.every((steps) => pick(steps).every((s) => s.ok));
  const stepTable = first.map((s, i) => ({
    step: s.step,
    expected: `${s.expected.meeting} meeting + ${s.expected.documents} document`,
    measured: all.map((steps) => {
      const r = steps[i] as StepResult;
      const other = r.otherWrites ? ` (+${r.otherWrites} other)` : "";
      const failed = r.failedWrites ? ` (${r.failedWrites} failed)` : "";
      return `${r.meetingWrites}+${r.documentWrites}${other}${failed}`;
    }),
    ok: all.every((steps) => (steps[i] as StepResult).ok),
  }));
  const counts = {
    committedMeetingChanges: sum(changeSteps(first), (s) => s.expected.meeting),
    newDocuments: sum(docSteps(first), (s) => s.expected.documents),
    noOpSteps: noopSteps(first).length,
    everyStepAsExpected: everyStepOk,
  };
  return {
    "writes per committed meeting change": figure(perChange, "writes", exactly(1, "exactly 1"), {
      checks: { everyChangeStepAsExpected: stepsOk(changeSteps) },
      details: { ...counts, steps: stepTable },
    }),
    "writes per new document": figure(perDocument, "writes", exactly(1, "exactly 1"), {
      checks: { everyDocumentStepAsExpected: stepsOk(docSteps) },
      details: { meetingWritesInAttachmentOnlySteps: meetingWritesInDocOnlySteps },
    }),
    "writes for events that change nothing stored": figure(noop, "writes", exactly(0, "0"), {
      checks: { everyNoOpStepAsExpected: stepsOk(noopSteps) },
      details: { steps: noopSteps(first).map((s) => s.step) },
    }),
  };
}
