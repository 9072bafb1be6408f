// The Outlook side's ports in memory: the mailbox item, its state (within Outlook's 2,500-character custom-property
// budget), runtime storage and item notifications.
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { Notice } from "../../src/core/notice";
import type { SyncState } from "../../src/core/syncState";
import type { KeyValueStorage, MailboxItem, Notifier, SyncStateStore } from "../../src/sync/ports";
import { clone } from "./clone";
import { meetingSnapshot } from "./demoWorld";

/** The open item over a mutable snapshot. Edit `snapshot` (or call `update`) to play the user. */
export class FakeMailboxItem implements MailboxItem {
  snapshot: MeetingSnapshot;
  /** Attachment bytes by attachment id (base64). Missing ids read as a small text file. */
  content: Record<string, { base64: string; contentType: string }> = {};
  reads = 0;
  /** Number of next read() calls that fail. */
  failReads = 0;
  /** Number of next readAttachment() calls that fail. */
  failAttachmentReads = 0;

  constructor(snapshot: MeetingSnapshot = meetingSnapshot()) {
    this.snapshot = clone(snapshot);
  }
  update(patch: Partial<MeetingSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...clone(patch) };
  }
  async read(): Promise<MeetingSnapshot> {
    this.reads++;
    if (this.failReads > 0) {
      this.failReads--;
      throw new Error("Outlook could not read the item.");
    }
    return clone(this.snapshot);
  }
  async readAttachment(attachmentId: string): Promise<{ base64: string; contentType: string }> {
    if (this.failAttachmentReads > 0) {
      this.failAttachmentReads--;
      throw new Error("Outlook could not read the attachment.");
    }
    const a = this.snapshot.attachments.find((x) => x.id === attachmentId);
    if (!a) throw new Error(`No attachment ${attachmentId}.`);
    return (
      this.content[attachmentId] ?? {
        base64: Buffer.from(`contents of ${a.name}`).toString("base64"),
        contentType: a.contentType,
      }
    );
  }
}

/** The item's custom properties: JSON within Outlook's 2,500-character budget. */
export class MemoryStateStore implements SyncStateStore {
  private json: string | null;
  saves = 0;
  failSaves = 0;
  failLoads = 0;
  constructor(
    state: SyncState | null = null,
    readonly maxChars = 2500,
  ) {
    this.json = state ? JSON.stringify(state) : null;
  }
  get state(): SyncState | null {
    return this.json ? (JSON.parse(this.json) as SyncState) : null;
  }
  set state(value: SyncState | null) {
    this.json = value ? JSON.stringify(value) : null;
  }
  async load(): Promise<SyncState | null> {
    if (this.failLoads > 0) {
      this.failLoads--;
      throw new Error("Custom properties could not be loaded.");
    }
    return this.state;
  }
  async save(state: SyncState): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      throw new Error("Custom properties could not be saved.");
    }
    const json = JSON.stringify(state);
    if (json.length > this.maxChars) throw new Error(`Sync state of ${json.length} characters exceeds the budget.`);
    this.saves++;
    this.json = json;
  }
}

/** OfficeRuntime.storage / localStorage stand-in. `failWrites` makes the next writes throw (quota, storage gone). */
export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  failWrites = 0;
  async getItem(key: string): Promise<string | null> {
    return this.data.get(key) ?? null;
  }
  async setItem(key: string, value: string): Promise<void> {
    if (this.failWrites > 0) {
      this.failWrites--;
      throw new Error("Storage is full.");
    }
    this.data.set(key, value);
  }
  async removeItem(key: string): Promise<void> {
    this.data.delete(key);
  }
}

export class FakeNotifier implements Notifier {
  readonly shown: Notice[] = [];
  readonly current = new Map<Notice["key"], Notice>();
  async show(notice: Notice): Promise<void> {
    if (notice.message.length > 150) throw new Error(`Notification longer than 150 characters: ${notice.message}`);
    this.shown.push(notice);
    this.current.set(notice.key, notice);
  }
  async clear(key: Notice["key"]): Promise<void> {
    this.current.delete(key);
  }
  get last(): Notice | undefined {
    return this.shown[this.shown.length - 1];
  }
}
