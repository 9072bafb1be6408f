// The "InterAction Web Client" routes: `/` (meetings, `?company=` for one company) and `/web/documents/:id`. With a
// bearer token the viewer sees only what is visible to them. Without controls (`--no-controls`, as a real API) a
// token is required: no token answers 401 with WWW-Authenticate, never a redirect. With controls (dev) the page is
// also open without one, showing everything, so the workbench can link to it.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "./apiError";
import { contentDisposition } from "./handlers";
import { authenticate, errorBody, type RunnerDeps } from "./runner";
import { renderWebView } from "./web";
import { documentForWeb, viewerOf, type Viewer } from "./webReads";

export function installWebView(app: FastifyInstance, deps: RunnerDeps & { controls: boolean }): void {
  const { store } = deps;
  /** The signed-in viewer; undefined only when controls are on and no token was sent. */
  const viewerFor = async (request: FastifyRequest): Promise<Viewer | undefined> => {
    if (deps.controls && request.headers.authorization === undefined) return undefined;
    return viewerOf(store, await authenticate(deps, request));
  };

  app.get("/", async (request, reply) => {
    try {
      const viewer = await viewerFor(request);
      const q = request.query as { company?: string };
      reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
      return renderWebView(store, { companyId: typeof q.company === "string" ? q.company : undefined, viewer });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return reply
        .code(e.status)
        .headers(e.headers ?? {})
        .send(errorBody(e.code, e.message));
    }
  });

  app.get("/web/documents/:id", async (request, reply) => {
    try {
      const d = documentForWeb(store, (request.params as { id: string }).id, await viewerFor(request));
      const inline = /^(application\/pdf|image\/(png|jpeg|gif)|text\/plain)/.test(d.contentType);
      return reply
        .type(d.contentType)
        .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", d.name))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox")
        .send(d.content);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return reply
        .code(e.status)
        .headers(e.headers ?? {})
        .send(errorBody(e.code, e.message));
    }
  });
}
