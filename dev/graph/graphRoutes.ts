// The Graph v1.0 routes this local Graph serves (README.md lists them with the Microsoft documentation each follows).
// Every route goes through the guard (faults, token, mailbox, access policy, throttling, request log).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DevClock } from "./clock";
import { deltaPage, DEFAULT_PAGE_SIZE, pageSizeFrom, type DeltaQuery } from "./delta";
import { GraphRequestError, parseExpand, parseSelect, shapeEvent } from "./graphEvent";
import { graphError, type Guard } from "./guard";
import type { Store } from "./store";
import type { Subscriptions } from "./subscriptions";
import { preferredZone } from "./timezones";

type UserParams = { user: string; id: string; attachmentId: string };

export function registerGraphRoutes(
  app: FastifyInstance,
  deps: { store: Store; guard: Guard; subscriptions: Subscriptions; clock: DevClock; origin: () => string },
) {
  const { store, guard, subscriptions, clock, origin } = deps;
  const base = () => `${origin()}/v1.0`;

  app.addHook("onResponse", async (request, reply) => {
    if (request.url.startsWith("/v1.0/")) guard.done(request, reply);
  });

  /** Registers a Graph route: admit through the guard, run, answer Graph errors in Graph's shape. */
  const route = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    addressesMailbox: boolean,
    handler: (request: FastifyRequest, reply: FastifyReply) => unknown,
  ) =>
    app.route({
      method,
      url: `/v1.0${url}`,
      handler: async (request, reply) => {
        const params = request.params as Partial<UserParams>;
        if (!(await guard.admit(request, reply, addressesMailbox ? params.user : undefined))) return reply;
        try {
          const body = await handler(request, reply);
          return reply.sent ? reply : reply.send(body);
        } catch (e) {
          if (!(e instanceof GraphRequestError)) throw e;
          return graphError(reply, e.status, e.code, e.message, clock);
        }
      },
    });

  const zoneOf = (request: FastifyRequest, reply: FastifyReply) => {
    const zone = preferredZone(request.headers.prefer);
    if (zone) reply.header("preference-applied", `outlook.timezone="${zone}"`);
    return zone;
  };
  const eventOf = (request: FastifyRequest) => {
    const mailbox = guard.context(request).mailbox;
    const e = store.event((request.params as UserParams).id);
    if (!mailbox || !e || e.mailboxId !== mailbox.id) {
      throw new GraphRequestError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }
    return e;
  };

  for (const users of ["/users/:user", "/:user(^me$)"]) {
    route("GET", `${users}`, true, (request) => {
      const m = guard.context(request).mailbox!;
      return {
        "@odata.context": `${base()}/$metadata#users/$entity`,
        id: m.id,
        displayName: m.name,
        mail: m.email,
        userPrincipalName: m.email,
      };
    });
    route("GET", `${users}/events/:id`, true, (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      const e = eventOf(request);
      const shaped = shapeEvent(store, e, {
        select: parseSelect(q.$select),
        expand: parseExpand(q.$expand),
        zone: zoneOf(request, reply),
      });
      reply.header("etag", `W/"${e.changeKey}"`);
      return {
        "@odata.context": `${base()}/$metadata#users('${guard.context(request).mailbox!.id}')/events/$entity`,
        ...shaped,
      };
    });
    route("GET", `${users}/events/:id/attachments`, true, (request) => {
      const e = eventOf(request);
      return {
        "@odata.context": `${base()}/$metadata#users('${e.mailboxId}')/events('${e.id}')/attachments`,
        value: store.attachments(e.id).map((a) => ({
          "@odata.type": "#microsoft.graph.fileAttachment",
          "@odata.mediaContentType": a.contentType,
          id: a.id,
          lastModifiedDateTime: a.modifiedAt,
          name: a.name,
          contentType: a.contentType,
          size: a.size,
          isInline: a.isInline,
          contentId: null,
          contentLocation: null,
          contentBytes: (store.attachmentContent(e.id, a.id) ?? Buffer.alloc(0)).toString("base64"),
        })),
      };
    });
    route("GET", `${users}/calendarView/delta`, true, (request, reply) => {
      const m = guard.context(request).mailbox!;
      const requested = pageSizeFrom(request.headers.prefer);
      if (requested) reply.header("preference-applied", `odata.maxpagesize=${requested}`);
      return deltaPage(
        store,
        m,
        request.query as DeltaQuery,
        requested ?? DEFAULT_PAGE_SIZE,
        `${base()}/users/${m.id}/calendarView/delta`,
        zoneOf(request, reply),
      );
    });
  }

  // ---- subscriptions
  const mailboxFor = (request: FastifyRequest, reply: FastifyReply) => (key: string) => {
    const m = store.mailbox(key);
    if (!m) throw new GraphRequestError(404, "ErrorInvalidUser", `The requested user '${key}' is invalid.`);
    if (!guard.permits(guard.context(request).caller, m, reply))
      throw new GraphRequestError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
    return m.id;
  };
  const subscriptionContext = `${base()}/$metadata#subscriptions/$entity`;
  route("POST", "/subscriptions", false, async (request, reply) => {
    const row = await subscriptions.create(
      (request.body ?? {}) as Record<string, unknown>,
      guard.context(request).caller,
      mailboxFor(request, reply),
    );
    reply.code(201);
    return { "@odata.context": `${base()}/$metadata#subscriptions/$entity`, ...subscriptions.view(row) };
  });
  route("GET", "/subscriptions", false, (request) => ({
    "@odata.context": `${base()}/$metadata#subscriptions`,
    value: subscriptions.list(guard.context(request).caller).map((r) => subscriptions.view(r)),
  }));
  route("GET", "/subscriptions/:id", false, (request) => ({
    "@odata.context": subscriptionContext,
    ...subscriptions.view(subscriptions.get((request.params as UserParams).id, guard.context(request).caller)),
  }));
  route("PATCH", "/subscriptions/:id", false, async (request) => ({
    "@odata.context": subscriptionContext,
    ...subscriptions.view(
      await subscriptions.update(
        (request.params as UserParams).id,
        (request.body ?? {}) as Record<string, unknown>,
        guard.context(request).caller,
      ),
    ),
  }));
  route("POST", "/subscriptions/:id/reauthorize", false, (request, reply) => {
    subscriptions.get((request.params as UserParams).id, guard.context(request).caller);
    reply.code(204);
    return undefined;
  });
  route("DELETE", "/subscriptions/:id", false, (request, reply) => {
    subscriptions.delete((request.params as UserParams).id, guard.context(request).caller);
    reply.code(204);
    return undefined;
  });
}
