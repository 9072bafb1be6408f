// Attachment contents of the simulated mailboxes. The mailboxes themselves are JSON in localStorage, which holds only
// a few megabytes and is written on every change: a 20 MB attachment inline made send() throw QuotaExceededError and
// made every change re-serialize the whole file. So the JSON keeps each attachment's metadata and a content
// reference, and the base64 lives here: in memory for this page, and in IndexedDB so it survives a reload like the
// rest of the mailbox. Without IndexedDB (or when it refuses a write) the content is kept in memory only: the
// meeting then works until the page is reloaded, after which getAttachmentContentAsync fails, as for a lost file.

const DB_NAME = "workbench-attachments";
const STORE = "contents";

export class AttachmentStore {
  private memory = new Map<string, string>();
  private db: Promise<IDBDatabase | null>;
  private writes = 0;

  constructor(idb: IDBFactory | undefined = globalThis.indexedDB) {
    this.db = idb ? open(idb).catch(() => null) : Promise.resolve(null);
  }

  /** IndexedDB writes still in flight: the workbench is not settled (a reload now would lose them). */
  get pending(): number {
    return this.writes;
  }

  /** Keeps `base64` and returns its reference. The copy in memory is readable at once. */
  put(base64: string): string {
    const ref = `content-${crypto.randomUUID()}`;
    this.memory.set(ref, base64);
    this.writes++;
    void this.db
      .then((db) => (db ? write(db, ref, base64) : undefined))
      .catch((e: unknown) => console.warn(`[workbench] attachment kept in memory only (IndexedDB: ${String(e)})`))
      .finally(() => this.writes--);
    return ref;
  }

  /** The content, or undefined when it is gone (kept in memory only, and the page was reloaded). */
  async get(ref: string): Promise<string | undefined> {
    const cached = this.memory.get(ref);
    if (cached !== undefined) return cached;
    const db = await this.db;
    if (!db) return undefined;
    const value = await read(db, ref);
    if (value !== undefined) this.memory.set(ref, value);
    return value;
  }

  /**
   * Deletes stored contents no saved item refers to (drafts discarded or never saved before a reload). Called once at
   * start-up, before anything is put, with every reference the loaded mailboxes hold.
   */
  async collect(referenced: Set<string>): Promise<void> {
    const db = await this.db;
    if (!db) return;
    const keys = (await request(db, "readonly", (s) => s.getAllKeys())) as string[];
    const unused = keys.filter((k) => {
      const ref = k.split("#")[0]!;
      return !referenced.has(ref) && !this.memory.has(ref);
    });
    for (const key of unused) await request(db, "readwrite", (s) => s.delete(key));
  }
}

/**
 * Stored in pieces, one transaction each: IndexedDB copies a value synchronously when it is put (structured clone),
 * and copying 33 MB of base64 at once blocked the page (and the add-in's frames, which share its event loop) for
 * about a second. The piece count goes in last, so a half-written content reads as missing.
 */
const PIECE_CHARS = 1024 * 1024;

async function write(db: IDBDatabase, ref: string, base64: string): Promise<void> {
  let pieces = 0;
  for (let at = 0; at < base64.length || pieces === 0; at += PIECE_CHARS) {
    const piece = base64.slice(at, at + PIECE_CHARS);
    await request(db, "readwrite", (s) => s.put(piece, `${ref}#${pieces}`));
    pieces++;
  }
  await request(db, "readwrite", (s) => s.put(pieces, ref));
}

async function read(db: IDBDatabase, ref: string): Promise<string | undefined> {
  const pieces: unknown = await request(db, "readonly", (s) => s.get(ref));
  if (typeof pieces !== "number") return undefined;
  const parts: string[] = [];
  for (let i = 0; i < pieces; i++) {
    const piece: unknown = await request(db, "readonly", (s) => s.get(`${ref}#${i}`));
    if (typeof piece !== "string") return undefined;
    parts.push(piece);
  }
  return parts.join("");
}

function open(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function request<T>(
  db: IDBDatabase,
  mode: "readonly" | "readwrite",
  op: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = op(tx.objectStore(STORE));
    // A write counts once the transaction commits, not when the request succeeds.
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error);
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}
