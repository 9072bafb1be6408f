// The Outlook protocol (dev only): what Outlook clients do to a mailbox, as routes the workbench calls. Item ids here
// are EWS ids (what Office.js gives an add-in); README.md lists every route with its request and answer.
import type { FastifyInstance, FastifyReply } from "fastify";
import { Exchange } from "./exchange";
import { ExchangeError } from "./fields";
import { ewsIdFromRest, restIdFromEws } from "./ids";
import { itemView } from "./itemView";
import type { Store } from "./store";

type Params = { email: string; itemId: string; attachmentId: string; iCalUId: string };
type Body = Record<string, unknown> | undefined;

/** An EWS id from a path; a REST id ('-' or '_') is refused, as Exchange would not find it under EWS. */
function restIdOf(ewsId: string): string {
  if (/[-_]/.test(ewsId)) {
    throw new ExchangeError(
      400,
      "invalid",
      "That is a REST (Graph) item id; the Outlook protocol takes EWS ids (Office.js convertToEwsId).",
    );
  }
  return restIdFromEws(ewsId);
}

export function registerExchangeRoutes(app: FastifyInstance, store: Store, exchange: Exchange): void {
  const view = (e: Parameters<typeof itemView>[1]) => itemView(store, e);
  const fail = (reply: FastifyReply, e: unknown) => {
    if (!(e instanceof ExchangeError)) throw e;
    return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
  };
  const route = (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    handler: (p: Params, body: Body, query: Record<string, string>) => { status?: number; body?: unknown },
  ) =>
    app.route({
      method,
      url: `/exchange${url}`,
      handler: async (request, reply) => {
        try {
          const result = handler(
            request.params as Params,
            request.body as Body,
            request.query as Record<string, string>,
          );
          if (result.body === undefined) return reply.code(result.status ?? 204).send();
          return reply.code(result.status ?? 200).send(result.body);
        } catch (e) {
          return fail(reply, e);
        }
      },
    });
  const bodyOf = (b: Body) => (b && typeof b === "object" ? b : {});

  route("GET", "/mailboxes", () => ({ body: { value: store.mailboxes() } }));
  route("GET", "/mailboxes/:email/items", (p, _b, q) => {
    const m = store.mailbox(p.email);
    if (!m) throw new ExchangeError(404, "notFound", `${p.email} has no mailbox in this Exchange.`);
    const window =
      q.start && q.end && !Number.isNaN(Date.parse(q.start)) && !Number.isNaN(Date.parse(q.end))
        ? { start: new Date(q.start).toISOString(), end: new Date(q.end).toISOString() }
        : undefined;
    if ((q.start || q.end) && !window)
      throw new ExchangeError(400, "invalid", "start and end must both be ISO 8601 date-times.");
    return { body: { value: store.eventsOf(m.id, window).map(view) } };
  });
  route("GET", "/mailboxes/:email/items/:itemId", (p) => ({ body: view(exchange.item(p.email, restIdOf(p.itemId))) }));
  route("POST", "/mailboxes/:email/items", (p, b) => ({
    status: 201,
    body: view(exchange.create(p.email, bodyOf(b).fields, bodyOf(b).send === true)),
  }));
  route("PATCH", "/mailboxes/:email/items/:itemId", (p, b) => ({
    body: view(exchange.update(p.email, restIdOf(p.itemId), bodyOf(b).fields ?? {}, bodyOf(b).send === true)),
  }));
  route("POST", "/mailboxes/:email/items/:itemId/send", (p) => ({
    body: view(exchange.send(p.email, restIdOf(p.itemId))),
  }));
  route("POST", "/mailboxes/:email/items/:itemId/move", (p, b) => ({
    body: view(exchange.move(p.email, restIdOf(p.itemId), bodyOf(b).start, bodyOf(b).end)),
  }));
  route("POST", "/mailboxes/:email/items/:itemId/cancel", (p) => {
    exchange.cancel(p.email, restIdOf(p.itemId));
    return { body: { cancelled: true } };
  });
  route("POST", "/mailboxes/:email/items/:itemId/respond", (p, b) => {
    const e = exchange.respond(p.email, restIdOf(p.itemId), bodyOf(b).response);
    return { body: e ? view(e) : { removed: true } };
  });
  route("DELETE", "/mailboxes/:email/items/:itemId", (p) => {
    exchange.remove(p.email, restIdOf(p.itemId));
    return { status: 204 };
  });
  route("PUT", "/mailboxes/:email/items/:itemId/custom-properties/:addinId", (p, b) => ({
    body: view(
      exchange.setCustomProperties(
        p.email,
        restIdOf(p.itemId),
        (p as unknown as { addinId: string }).addinId,
        bodyOf(b).value,
      ),
    ),
  }));
  route("POST", "/mailboxes/:email/items/:itemId/attachments", (p, b) => {
    const a = exchange.addAttachment(p.email, restIdOf(p.itemId), bodyOf(b));
    return {
      status: 201,
      body: { id: a.id, name: a.name, contentType: a.contentType, size: a.size, isInline: a.isInline },
    };
  });
  const attachmentOf = (p: Params) => {
    const e = exchange.item(p.email, restIdOf(p.itemId));
    const a = store.attachments(e.id).find((x) => x.id === p.attachmentId);
    const content = a && store.attachmentContent(e.id, a.id);
    if (!a || !content) throw new ExchangeError(404, "notFound", `The item has no attachment ${p.attachmentId}.`);
    return { a, content };
  };
  route("GET", "/mailboxes/:email/items/:itemId/attachments/:attachmentId", (p) => {
    const { a, content } = attachmentOf(p);
    const { eventId: _e, modifiedAt: _m, ...info } = a;
    return { body: { ...info, contentBytes: content.toString("base64") } };
  });
  // The content alone, as base64 text: what the workbench hands the add-in, read without parsing a 33 MB JSON answer
  // on the page's event loop (Graph's counterpart is /attachments/{id}/$value, raw bytes).
  route("GET", "/mailboxes/:email/items/:itemId/attachments/:attachmentId/content", (p) => ({
    body: attachmentOf(p).content.toString("base64"),
  }));
  route("DELETE", "/mailboxes/:email/items/:itemId/attachments/:attachmentId", (p) => {
    exchange.removeAttachment(p.email, restIdOf(p.itemId), p.attachmentId);
    return { status: 204 };
  });
  route("POST", "/outside/invitations", (_p, b) => {
    const items = exchange.outsideInvite(bodyOf(b).organizer as { email?: unknown }, bodyOf(b).fields);
    return { status: 201, body: { iCalUId: items[0]?.iCalUId, items: items.map(view) } };
  });
  route("PATCH", "/outside/invitations/:iCalUId", (p, b) => ({
    body: { items: exchange.outsideUpdate(p.iCalUId, bodyOf(b).fields ?? {}).map(view) },
  }));
  route("POST", "/outside/invitations/:iCalUId/cancel", (p) => ({
    body: { items: exchange.outsideCancel(p.iCalUId).map(view) },
  }));
  route("GET", "/ids/rest", (_p, _b, q) => {
    if (!q.ewsId) throw new ExchangeError(400, "invalid", "ewsId is needed.");
    return { body: { restId: restIdFromEws(q.ewsId) } };
  });
  route("GET", "/ids/ews", (_p, _b, q) => {
    if (!q.restId) throw new ExchangeError(400, "invalid", "restId is needed.");
    return { body: { ewsId: ewsIdFromRest(q.restId) } };
  });
}
