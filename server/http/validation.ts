import { Ajv } from "ajv";
import type { Options, ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * Bodies are validated as sent: a number is never turned into a string. Query strings and path parameters
 * arrive as text, so only they are coerced (`limit=10` → 10).
 */
const forBodies = addFormats(new Ajv({ ...common, coerceTypes: false }));
const forQueries = addFormats(new Ajv({ ...common, coerceTypes: "array" }));

/**
 * Each route's validator is compiled on the route's first request rather than at start: compiling them all
 * was about a fifth of the time from start to the first answer of /health (1.28 s → 0.99 s, median of 5).
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? forBodies : forQueries;
  let compiled: ValidateFunction | undefined;
  const validate = (data: unknown) => {
    compiled ??= ajv.compile(schema as object);
    const valid = compiled(data);
    validate.errors = compiled.errors; // where Fastify reads a failed validation's errors
    if (!valid) return false;
    const lone = locate(data, (text) => LONE_SURROGATE.test(text));
    if (!lone) return true;
    const pointer = lone.steps.map((step) => `/${String(step).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
    const message = lone.inKey ? "has a key that is not well-formed Unicode (a lone surrogate)" : "is not well-formed Unicode (a lone surrogate)";
    validate.errors = [{ instancePath: pointer, schemaPath: "#", keyword: "wellFormed", params: {}, message }];
    return false;
  };
  validate.errors = undefined as ValidateFunction["errors"];
  return validate;
};

/** One array or object being walked by `locate`: its values, its keys (objects only) and the next to read. */
interface Frame {
  values: unknown[];
  keys: string[] | undefined;
  next: number;
}

function frameOf(value: object): Frame {
  if (Array.isArray(value)) return { values: value, keys: undefined, next: 0 };
  const keys = Object.keys(value);
  return { values: keys.map((key) => (value as Record<string, unknown>)[key]), keys, next: 0 };
}

/** The keys and indexes leading to the value each frame is reading now. */
function stepsOf(frames: Frame[]): (string | number)[] {
  return frames.map((f) => (f.keys ? f.keys[f.next - 1]! : f.next - 1));
}

/**
 * Where the first text (a string value or a key) that `bad` holds sits, in document order: the steps to it, and
 * whether it is the last step's key rather than its value. Iterative: a request decides how deep its input goes,
 * so nothing here recurses. It allocates per array and object, never per value: a 1 MiB body of half a million
 * numbers or short strings is walked in milliseconds (a closure per value took about half a second).
 */
function locate(value: unknown, bad: (text: string) => boolean): { steps: (string | number)[]; inKey: boolean } | undefined {
  if (typeof value === "string") return bad(value) ? { steps: [], inKey: false } : undefined;
  if (value === null || typeof value !== "object") return undefined;
  const frames = [frameOf(value)];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next >= frame.values.length) {
      frames.pop();
      continue;
    }
    const i = frame.next++;
    const key = frame.keys?.[i];
    if (key !== undefined && bad(key)) return { steps: stepsOf(frames.slice(0, -1)), inKey: true };
    const inner = frame.values[i];
    if (typeof inner === "string") {
      if (bad(inner)) return { steps: stepsOf(frames), inKey: false };
    } else if (inner !== null && typeof inner === "object") {
      frames.push(frameOf(inner));
    }
  }
  return undefined;
}

/**
 * A UTF-16 surrogate without its pair (`"\\ud800"` in JSON). With the `u` flag a pair is one code point, so
 * only a lone half matches. Neither database stores one faithfully: PostgreSQL's driver writes U+FFFD, SQLite
 * keeps bytes it reads back as three U+FFFD each, so the same name would be a different name, and unique, per
 * dialect. The validator refuses it after the schema passes, naming the field.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The first place in a request's input holding a NUL character (PostgreSQL cannot store it), if any, in document
 * order, e.g. `body.scopes[0].operation`; a NUL in a key is named as `<object> key`.
 */
export function findNul(value: unknown, path: string): string | undefined {
  const found = locate(value, (text) => text.includes("\u0000"));
  if (!found) return undefined;
  const where = path + found.steps.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("");
  return found.inKey ? `${where} key` : where;
}
