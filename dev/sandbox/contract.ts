// The OpenAPI document is the one source of truth: at start the sandbox compiles, for every operation, validators
// for its path/query/header parameters, its JSON body and each JSON response, with Ajv (JSON Schema 2020-12).
// Routes are registered from the document's paths; handlers never restate a schema.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const CONTRACT_FILE = path.resolve(__dirname, "../../api/interaction.openapi.yaml");

type Json = Record<string, unknown>;

export interface FieldError {
  field: string;
  message: string;
}

export interface ParamSet {
  validate: ValidateFunction;
  names: string[];
}

export interface ContractOperation {
  operationId: string;
  method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
  /** As in the document: /api/v1/meetings/{syncKey} */
  path: string;
  /** As Fastify wants it: /api/v1/meetings/:syncKey */
  routePath: string;
  secured: boolean;
  params: { path?: ParamSet; query?: ParamSet; header?: ParamSet };
  body?: { kind: "json"; required: boolean; validate: ValidateFunction } | { kind: "binary"; required: boolean };
  /** JSON response validators by status ("default" for the rest); null for a non-JSON or empty response. */
  responses: Map<string, ValidateFunction | null>;
  hasIdempotencyKey: boolean;
}

export interface Contract {
  doc: Json;
  operations: ContractOperation[];
  byId: Map<string, ContractOperation>;
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function resolve(doc: Json, node: unknown): Json {
  let current = node as Json;
  for (let i = 0; i < 10 && current && typeof current.$ref === "string"; i++) {
    const pointer = (current.$ref as string).replace(/^#\//, "").split("/");
    current = pointer.reduce<unknown>((acc, raw) => {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      return acc && typeof acc === "object" && Object.hasOwn(acc, key) ? (acc as Json)[key] : undefined;
    }, doc) as Json;
  }
  return current;
}

/** Rewrites local refs so a schema copied out of the document still points into it (registered as "oas"). */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === "object") {
    // fromEntries defines each key as an own property: a schema property named `__proto__` stays a property.
    return Object.fromEntries(
      Object.entries(schema as Json).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `oas${v}` : rebase(v),
      ]),
    );
  }
  return schema;
}

export function fieldErrors(location: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const parts = e.instancePath
      .split("/")
      .filter(Boolean)
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    if (params.missingProperty) parts.push(params.missingProperty);
    if (params.additionalProperty) parts.push(params.additionalProperty);
    const field = [location, ...parts].join(".");
    const message = params.missingProperty
      ? "is required"
      : params.additionalProperty
        ? "is not allowed"
        : (e.message ?? "is not valid");
    return { field, message };
  });
}

export function loadContract(file: string = CONTRACT_FILE): Contract {
  const doc = parse(readFileSync(file, "utf8")) as Json;
  const components = (doc.components ?? {}) as Json;
  const ajvOptions = { strict: false, allErrors: true, validateFormats: true } as const;
  const bodyAjv = new Ajv2020({ ...ajvOptions });
  const paramAjv = new Ajv2020({ ...ajvOptions, coerceTypes: "array", useDefaults: true });
  for (const ajv of [bodyAjv, paramAjv]) {
    addFormats(ajv);
    ajv.addSchema({ $id: "oas", components: { schemas: components.schemas } });
  }
  const compileBody = (schema: unknown) => bodyAjv.compile(rebase(schema) as Json);

  const operations: ContractOperation[] = [];
  const globalSecurity = (doc.security ?? []) as unknown[];
  for (const [p, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const allParams = [...((item.parameters ?? []) as unknown[]), ...((op.parameters ?? []) as unknown[])].map((x) =>
        resolve(doc, x),
      );
      const params: ContractOperation["params"] = {};
      for (const location of ["path", "query", "header"] as const) {
        const list = allParams.filter((x) => x.in === location);
        if (!list.length) continue;
        const key = (n: string) => (location === "header" ? n.toLowerCase() : n);
        const schema = {
          type: "object",
          properties: Object.fromEntries(list.map((x) => [key(x.name as string), x.schema ?? {}])),
          required: list.filter((x) => x.required).map((x) => key(x.name as string)),
        };
        params[location] = {
          validate: paramAjv.compile(rebase(schema) as Json),
          names: list.map((x) => key(x.name as string)),
        };
      }
      let body: ContractOperation["body"];
      if (op.requestBody) {
        const rb = resolve(doc, op.requestBody);
        const content = (rb.content ?? {}) as Record<string, Json>;
        const required = rb.required === true;
        if (content["application/json"]) {
          body = { kind: "json", required, validate: compileBody(content["application/json"].schema ?? {}) };
        } else {
          body = { kind: "binary", required };
        }
      }
      const responses = new Map<string, ValidateFunction | null>();
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
        const resp = resolve(doc, r);
        const json = ((resp.content ?? {}) as Record<string, Json>)["application/json"];
        responses.set(status, json ? compileBody(json.schema ?? {}) : null);
      }
      const security = (op.security ?? globalSecurity) as unknown[];
      operations.push({
        operationId: op.operationId as string,
        method: method.toUpperCase() as ContractOperation["method"],
        path: p,
        routePath: p.replace(/\{([^}]+)\}/g, ":$1"),
        secured: security.length > 0,
        params,
        body,
        responses,
        hasIdempotencyKey: allParams.some((x) => x.in === "header" && x.name === "Idempotency-Key"),
      });
    }
  }
  return { doc, operations, byId: new Map(operations.map((o) => [o.operationId, o])) };
}

/**
 * What is wrong with a JSON response `body` answered with `status`, by the operation's documented responses: the
 * status's own schema, else `default`. An undocumented status (no entry, no default) is itself a violation. Empty
 * (`[]`) when it conforms or the response has no JSON schema. The sandbox checks every answer with it before sending,
 * and the contract tests check what they receive with it, so neither side can drift from the document unnoticed.
 */
export function responseViolations(op: ContractOperation, status: number, body: unknown): FieldError[] {
  const key = op.responses.has(String(status)) ? String(status) : "default";
  if (!op.responses.has(key)) return [{ field: "response.status", message: `${status} is not a documented response` }];
  const validate = op.responses.get(key);
  if (!validate || validate(body)) return [];
  return fieldErrors("response", validate.errors);
}

/** The operation a request addresses (method and path, no query), or undefined when the document has none. */
export function operationFor(contract: Contract, method: string, pathname: string): ContractOperation | undefined {
  const segments = pathname.split("/");
  return contract.operations.find((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const template = op.path.split("/");
    return (
      template.length === segments.length &&
      template.every((t, i) => (/^\{[^}]+\}$/.test(t) ? (segments[i] ?? "") !== "" : t === segments[i]))
    );
  });
}
