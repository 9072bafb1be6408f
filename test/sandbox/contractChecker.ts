// The contract tests' own reading of api/interaction.openapi.yaml: an answer checker that shares no code with the
// sandbox (not its contract loader, its route table or its Ajv instance), so a bug in the sandbox's validator cannot
// hide a broken answer. It finds the documented response (status, then NXX, then default) and validates a JSON body
// with its own Ajv (JSON Schema 2020-12 + formats) against the schema, `$ref`s resolved as JSON pointers into the
// document itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

type Node = Record<string, unknown>;

const DOC_ID = "https://contract-tests.invalid/interaction.openapi.json";
const CONTRACT = path.resolve(__dirname, "../../api/interaction.openapi.yaml");

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const unescapePointer = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

export interface ContractChecker {
  /**
   * What is wrong with an answer, or undefined when the contract has no such operation (the web view, an unknown
   * path). `body` is the answer's text.
   */
  problems(
    method: string,
    pathname: string,
    status: number,
    contentType: string | null,
    body: string,
  ): string[] | undefined;
}

export function createContractChecker(file: string = CONTRACT): ContractChecker {
  const doc = parse(readFileSync(file, "utf8")) as Node;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };

  /** Follows local `$ref`s; answers the node and its JSON pointer in the document. */
  const deref = (node: unknown, pointer: string): { node: Node; pointer: string } => {
    let current = { node: node as Node, pointer };
    for (let hops = 0; typeof current.node?.$ref === "string" && hops < 10; hops++) {
      const target = (current.node.$ref as string).replace(/^#/, "");
      const found = target
        .split("/")
        .slice(1)
        .map(unescapePointer)
        .reduce<unknown>(
          (at, key) => (at && typeof at === "object" && Object.hasOwn(at, key) ? (at as Node)[key] : undefined),
          doc,
        );
      current = { node: found as Node, pointer: target };
    }
    return current;
  };

  const paths = Object.keys((doc.paths ?? {}) as Node).map((template) => ({
    template,
    matcher: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
        .join("[^/]+")}$`,
    ),
  }));

  return {
    problems(method, pathname, status, contentType, body) {
      const route = paths.find((p) => p.matcher.test(pathname));
      const verb = method.toLowerCase();
      const operation = route && ((doc.paths as Node)[route.template] as Node)[verb];
      if (!route || !operation) return undefined;
      const opPointer = `/paths/${escapePointer(route.template)}/${verb}`;
      const responses = ((operation as Node).responses ?? {}) as Node;
      const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => Object.hasOwn(responses, k));
      if (!key) return [`status ${status} is not a documented response`];
      const response = deref(responses[key], `${opPointer}/responses/${escapePointer(key)}`);
      const content = (response.node.content ?? undefined) as Node | undefined;
      if (!content) return body.length ? [`a ${status} answer is documented without a body, but has one`] : [];
      if (!Object.hasOwn(content, "application/json")) return []; // a document's bytes: any type, not JSON
      if (!/^application\/json\b/i.test(contentType ?? "")) {
        return [`content-type is ${JSON.stringify(contentType)}, not application/json`];
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return [`the body is not JSON: ${body.slice(0, 80)}`];
      }
      const validate = validatorAt(`${response.pointer}/content/application~1json/schema`);
      if (validate(parsed)) return [];
      return (validate.errors ?? []).map((e) => {
        // "response.<field> is required", "response.<field> is not allowed", "response.<field> <what ajv says>"
        const params = e.params as { missingProperty?: string; additionalProperty?: string };
        const field = [
          "response",
          ...e.instancePath.split("/").slice(1).map(unescapePointer),
          ...(params.missingProperty !== undefined ? [params.missingProperty] : []),
          ...(params.additionalProperty !== undefined ? [params.additionalProperty] : []),
        ].join(".");
        const what =
          params.missingProperty !== undefined
            ? "is required"
            : params.additionalProperty !== undefined
              ? "is not allowed"
              : (e.message ?? "is not valid");
        return `${field} ${what}`;
      });
    },
  };
}
