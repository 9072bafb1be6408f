// The local Exchange / Graph as a browser test reads it: the Outlook protocol (what a mailbox holds) and Graph with an
// app token, over HTTPS trusting the local CA.
import { request as httpsRequest } from "node:https";

/** An answer of the local Graph: status and parsed JSON. */
function httpsJson(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export interface ExchangeItemView {
  itemId: string;
  restId: string;
  mailbox: string;
  iCalUId: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  isCancelled: boolean;
  isOrganizer: boolean;
  responseStatus: string;
  attendees: { email: string; response: string }[];
  attachments: { id: string; name: string; size: number }[];
  customProperties: Record<string, string>;
}

/** The local Exchange as the tests read it: the Outlook protocol (what a mailbox holds) and Graph with an app token. */
export class LocalGraph {
  private token?: string;
  constructor(
    readonly endpoint: {
      url: string;
      graphUrl: string;
      tokenUrl: string;
      caPem: string;
      clientId: string;
      clientSecret: string;
    },
  ) {}

  /** Every item of a mailbox, as Exchange holds it (cancelled copies included). */
  async items(mailbox: string): Promise<ExchangeItemView[]> {
    const { status, body } = await httpsJson(
      `${this.endpoint.url}/exchange/mailboxes/${encodeURIComponent(mailbox)}/items`,
      this.endpoint.caPem,
    );
    if (status !== 200) throw new Error(`items of ${mailbox}: ${status} ${JSON.stringify(body)}`);
    return (body as { value: ExchangeItemView[] }).value;
  }

  /** An application token (client credentials), as a sync service would get one. */
  async appToken(): Promise<string> {
    if (this.token) return this.token;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.endpoint.clientId,
      client_secret: this.endpoint.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString();
    const { status, body } = await httpsJson(this.endpoint.tokenUrl, this.endpoint.caPem, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
    this.token = (body as { access_token: string }).access_token;
    return this.token;
  }

  /** GET on Graph (path after /v1.0, or a full nextLink/deltaLink) with the app token. */
  async get<T>(pathOrUrl: string): Promise<{ status: number; body: T }> {
    const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${this.endpoint.graphUrl}${pathOrUrl}`;
    const res = await httpsJson(url, this.endpoint.caPem, {
      headers: { authorization: `Bearer ${await this.appToken()}` },
    });
    return res as { status: number; body: T };
  }

  /** Pages a calendarView delta to its deltaLink: every entry seen, and the link to follow later. */
  async delta(
    mailbox: string,
    window: { start: string; end: string },
    from?: string,
  ): Promise<{ entries: Record<string, unknown>[]; deltaLink: string }> {
    let next =
      from ??
      `/users/${encodeURIComponent(mailbox)}/calendarView/delta?startDateTime=${window.start}&endDateTime=${window.end}`;
    const entries: Record<string, unknown>[] = [];
    for (;;) {
      const { status, body } = await this.get<{
        value: Record<string, unknown>[];
        "@odata.nextLink"?: string;
        "@odata.deltaLink"?: string;
      }>(next);
      if (status !== 200) throw new Error(`delta of ${mailbox}: ${status} ${JSON.stringify(body)}`);
      entries.push(...body.value);
      if (body["@odata.deltaLink"]) return { entries, deltaLink: body["@odata.deltaLink"] };
      if (!body["@odata.nextLink"]) throw new Error("delta page with neither nextLink nor deltaLink");
      next = body["@odata.nextLink"];
    }
  }
}
