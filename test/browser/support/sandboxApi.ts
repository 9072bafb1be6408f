// The InterAction sandbox as a browser test reads it: its real API with dev tokens, and its /__sandbox control routes.

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  user?: string;
  idempotencyKey?: string;
  fault?: string;
}

/** The sandbox as a test sees it: its real API with dev tokens, and its /__sandbox control routes. */
export class SandboxApi {
  private tokens = new Map<string, string>();
  constructor(readonly url: string) {}

  async token(email: string): Promise<string> {
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const res = await fetch(`${this.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    if (!res.ok) throw new Error(`dev token for ${email}: ${res.status}`);
    const { access_token } = (await res.json()) as { access_token: string };
    this.tokens.set(email, access_token);
    return access_token;
  }

  async get<T>(pathAndQuery: string, as = "alice@firm.example"): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${await this.token(as)}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async requests(): Promise<RequestLogEntry[]> {
    const res = await fetch(`${this.url}/__sandbox/requests`);
    return ((await res.json()) as { items: RequestLogEntry[] }).items;
  }

  /** The meeting writes (PUT /api/v1/meetings/{syncKey}) the sandbox received, oldest first. */
  async meetingWrites(): Promise<(RequestLogEntry & { syncKey: string })[]> {
    return (await this.requests())
      .filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+$/.test(r.path))
      .map((r) => ({ ...r, syncKey: decodeURIComponent(r.path.split("/").pop()!) }));
  }

  async documentUploads(): Promise<RequestLogEntry[]> {
    return (await this.requests()).filter((r) => r.method === "PUT" && /\/documents\//.test(r.path));
  }

  /** The meeting as InterAction stores it (GET /api/v1/meetings/{syncKey}), read as `as`. */
  async meeting<T = MeetingRecordView>(syncKey: string, as = "alice@firm.example"): Promise<T> {
    const { status, body } = await this.get<T>(`/api/v1/meetings/${encodeURIComponent(syncKey)}`, as);
    if (status !== 200) throw new Error(`GET meeting ${syncKey} as ${as}: ${status} ${JSON.stringify(body)}`);
    return body;
  }

  async faults(rules: Record<string, unknown>[]): Promise<void> {
    const res = await fetch(`${this.url}/__sandbox/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules }),
    });
    if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
  }

  async clock(): Promise<string> {
    return ((await (await fetch(`${this.url}/__sandbox/clock`)).json()) as { now: string }).now;
  }

  async webView(): Promise<string> {
    return (await fetch(`${this.url}/`)).text();
  }
}

export interface MeetingRecordView {
  id: string;
  syncKey: string;
  kind: "appointment" | "activity";
  status: "scheduled" | "cancelled";
  syncUntil: string;
  frozen: boolean;
  revision: number;
  subject: string;
  location: string;
  start: string;
  end: string;
  notes: string;
  attendees: { email: string; name: string; type: string; response: string }[];
  contacts: { id: string; name: string; email: string; companyId?: string }[];
  companies: { id: string; name: string }[];
  unresolvedAttendees: { email: string; name: string }[];
  documents: { id: string; name: string; size: number; sha256: string; contentType: string; documentKey: string }[];
  source?: { addedBy?: string; organizerEmail?: string };
  [key: string]: unknown;
}
