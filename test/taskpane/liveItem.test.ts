// The open pane follows the item: pinned-pane item switches, form edits, and state changed by other runtimes.
import { watchMeetingItem, type OfficeLike } from "../../src/taskpane/liveItem";

type Handler = (args?: unknown) => void;
function eventSource() {
  const handlers = new Map<unknown, Handler[]>();
  return {
    handlers,
    addHandlerAsync: jest.fn((type: unknown, h: Handler) => handlers.set(type, [...(handlers.get(type) ?? []), h])),
    removeHandlerAsync: jest.fn((type: unknown) => handlers.delete(type)),
    fire: (type: unknown) => (handlers.get(type) ?? []).forEach((h) => h({ type })),
  };
}

const EventType = {
  ItemChanged: "olkItemSelectedChanged",
  AppointmentTimeChanged: "olkAppointmentTimeChanged",
  RecipientsChanged: "olkRecipientsChanged",
  RecurrenceChanged: "olkRecurrenceChanged",
  AttachmentsChanged: "olkAttachmentsChanged",
};

function setup() {
  const first = eventSource();
  const mailbox = { ...eventSource(), item: first as ReturnType<typeof eventSource> | null };
  const office: OfficeLike = { context: { mailbox }, EventType };
  const handlers = { itemChanged: jest.fn(), itemEdited: jest.fn(), check: jest.fn() };
  const listeners = new Map<string, () => void>();
  const page = {
    document: { visibilityState: "visible" },
    addEventListener: jest.fn((t: string, l: () => void) => listeners.set(t, l)),
    removeEventListener: jest.fn((t: string) => listeners.delete(t)),
  };
  let tick: (() => void) | null = null;
  const timers = { setInterval: jest.fn((fn: () => void) => (tick = fn)), clearInterval: jest.fn(() => (tick = null)) };
  const stop = watchMeetingItem(office, handlers, page, timers, 1000);
  return { first, mailbox, handlers, listeners, page, timers, stop, tick: () => tick?.() };
}

describe("watching the open meeting", () => {
  it("each edit event of the item asks for a refresh", () => {
    const { first, handlers } = setup();
    for (const type of Object.values(EventType).slice(1)) first.fire(type);
    expect(handlers.itemEdited).toHaveBeenCalledTimes(4);
  });

  it("a pinned pane switching items reloads for the new item and watches the new item's edits, not the old one's", () => {
    const { first, mailbox, handlers } = setup();
    const second = eventSource();
    mailbox.item = second;
    mailbox.fire(EventType.ItemChanged);
    expect(handlers.itemChanged).toHaveBeenCalledWith(true);
    expect(first.removeHandlerAsync).toHaveBeenCalledWith(EventType.AppointmentTimeChanged, expect.any(Function));
    expect(first.handlers.size).toBe(0);
    second.fire(EventType.RecipientsChanged);
    expect(handlers.itemEdited).toHaveBeenCalledTimes(1);

    mailbox.item = null;
    mailbox.fire(EventType.ItemChanged);
    expect(handlers.itemChanged).toHaveBeenLastCalledWith(false);
  });

  it("checks the item's state periodically and on focus, only while visible", () => {
    const { handlers, listeners, page, tick } = setup();
    tick();
    listeners.get("focus")!();
    expect(handlers.check).toHaveBeenCalledTimes(2);
    page.document.visibilityState = "hidden";
    tick();
    expect(handlers.check).toHaveBeenCalledTimes(2);
    page.document.visibilityState = "visible";
    listeners.get("visibilitychange")!();
    expect(handlers.check).toHaveBeenCalledTimes(3);
  });

  it("stopping removes every handler, listener and the timer", () => {
    const { first, mailbox, listeners, timers, stop } = setup();
    stop();
    expect(first.handlers.size).toBe(0);
    expect(mailbox.removeHandlerAsync).toHaveBeenCalledWith(EventType.ItemChanged, expect.any(Function));
    expect(listeners.size).toBe(0);
    expect(timers.clearInterval).toHaveBeenCalled();
  });

  it("a host without item events or pinning still works", () => {
    const handlers = { itemChanged: jest.fn(), itemEdited: jest.fn(), check: jest.fn() };
    const page = { addEventListener: jest.fn(), removeEventListener: jest.fn() };
    const timers = { setInterval: jest.fn(), clearInterval: jest.fn() };
    const stop = watchMeetingItem({ context: { mailbox: { item: {} } } }, handlers, page, timers);
    expect(() => stop()).not.toThrow();
  });
});
