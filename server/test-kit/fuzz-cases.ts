/**
 * Hostile requests generated from the OpenAPI document the app serves (`openapi-fuzz.test.ts`): for each
 * operation, bodies, path and query parameters and Authorization headers that a careless or hostile client
 * might send. Deterministic: every choice comes from `rng(seed)`, so a failure names its seed and reproduces.
 */

/** mulberry32: small, fast and reproducible. */
export function rng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  /** `n` distinct items of `xs` (all of them when it has fewer). */
  const some = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };
  return { next, int, pick, some };
}
export type Rng = ReturnType<typeof rng>;

/** A stable number for a string (FNV-1a), to give each operation its own stream of the seed. */
export function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The part of JSON Schema the document uses. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
}

/** Ids of the world the requests act on, picked by a field's name when the schema asks for a UUID. */
export type IdFor = (field: string) => string;

/** A value the schema accepts, as far as its shape goes: what the mutations start from. */
export function sample(schema: Schema | undefined, field: string, idFor: IdFor): unknown {
  if (!schema) return "fuzz";
  if (schema.anyOf?.[0]) return sample(schema.anyOf[0], field, idFor);
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(name) || ["name", "metadata", "tags"].includes(name)) out[name] = sample(sub, name, idFor);
      }
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sample(schema.items, field, idFor));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "string":
      if (schema.format === "uuid") return idFor(field);
      if (field === "duration") return "1h";
      if (field === "email") return "fuzz@example.com";
      return "fuzz".padEnd(schema.minLength ?? 0, "z");
    default:
      return "fuzz";
  }
}

/** Values of every JSON type but the schema's, raw JSON text. */
export function wrongTypes(schema: Schema | undefined): string[] {
  const type = schema?.anyOf?.[0]?.type ?? schema?.type;
  const all: [string, string][] = [
    ["string", '"wrong"'],
    ["integer", "7"],
    ["number", "-1.5"],
    ["boolean", "true"],
    ["null", "null"],
    ["array", "[1,2]"],
    ["object", '{"a":1}'],
  ];
  return all.filter(([t]) => t !== type && !(type === "number" && t === "integer")).map(([, raw]) => raw);
}

/** Strings no text field should trust, as raw JSON text: NUL, lone surrogates, bidi marks, emoji, escapes. */
export const ODD_TEXTS = [
  '"a\\u0000b"',
  '"\\ud800"',
  '"x\\udfffy"',
  '"\\udc00\\ud800"',
  '"\\u202e\\u2066evil\\u2069"',
  '"\\u200f\\u200e\\u061c"',
  '"\\ufeff\\ufffe\\uffff"',
  '"😀👩‍👩‍👧‍👦🏳️‍🌈"',
  '"e\\u0301\\u0301\\u0301"',
  '"\\u00c0\\u0080"',
  '"%00%c0%80"',
  '"\\\\u0000"',
  '"\\u0085\\u2028\\u2029"',
  '"../../etc/passwd"',
  "\"' OR '1'='1\"",
  '"<script>alert(1)</script>"',
];

/** Body texts that are not JSON, or JSON that must not be read: cut off, trailing commas, deep nesting. */
export const BROKEN_BODIES = [
  "{",
  '{"name": "x",}',
  "{name: 'x'}",
  "nul",
  '{"a":1}{"b":2}',
  "\ufeff{}",
  "[".repeat(33) + "]".repeat(33),
  '{"a":'.repeat(40) + "1" + "}".repeat(40),
  "[".repeat(100_000) + "]".repeat(100_000),
];

/** Huge values that still fit in the 1 MiB body limit. */
export const HUGE_VALUES = [
  JSON.stringify("x".repeat(900_000)),
  JSON.stringify("😀".repeat(200_000)),
  `[${Array.from({ length: 200_000 }, () => "0").join(",")}]`,
  "1e308",
  "-1e308",
  "1e999",
  "123456789012345678901234567890",
  "9007199254740993",
  "-0",
  "5e-324",
];

/** Bytes that are not UTF-8: an overlong NUL (C0 80), a lone continuation byte, a cut-off sequence. */
export const INVALID_UTF8_BODIES = [
  Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0x80, 0xff, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]),
];

/** Path parameter values, already encoded for the URL. */
export const GARBAGE_PATH_PARAMS = [
  "x",
  "%00",
  "%ZZ",
  "%",
  "..",
  "%2e%2e%2f%2e%2e",
  "%2F",
  "*",
  "-1",
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF",
  "01900000-0000-7000-8000-00000000000",
  "a".repeat(5_000),
  encodeURIComponent("\u202e😀"),
  "%ed%a0%80",
  "'%20OR%201=1--",
  "__proto__",
  "constructor",
];

/** Query values, already encoded for the URL. */
export const GARBAGE_QUERY_VALUES = [
  "",
  "-1",
  "1e999",
  "99999999999999999999999",
  "0x10",
  "1.5",
  "NaN",
  "abc",
  "%00",
  "%ZZ",
  "true",
  "a".repeat(5_000),
  encodeURIComponent("\u202e😀"),
  "%ed%a0%80",
  "__proto__",
];

/** Authorization headers that name no valid credential. A value that is an array is sent as several headers. */
export function badAuthorizations(validSession: string, patShaped: (valid: boolean) => string): (string | string[])[] {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return [
    "",
    "Bearer",
    "Bearer ",
    "Bearer  ",
    "bearer",
    "Basic YWRhOnNlY3JldA==",
    "Token abc",
    `Bearer ${validSession} extra`,
    `Bearer\t${validSession}`,
    ["Bearer a", "Bearer b"],
    [`Bearer ${validSession}`, `Bearer ${validSession}`],
    "Bearer é",
    "Bearer \u00ff\u00fe",
    `Bearer ${"A".repeat(100_000)}`,
    `Bearer ${"pat_".repeat(5_000)}`,
    "Bearer pat_",
    "Bearer pat_____",
    `Bearer pat_${"0".repeat(22)}_${"0".repeat(49)}`,
    `Bearer ${patShaped(false)}`,
    `Bearer ${patShaped(true)}`,
    `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "x", exp: 9e9 })}.`,
    `Bearer ${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "00000000-0000-0000-0000-000000000000", exp: 9e9 })}.c2lnbmF0dXJl`,
    `Bearer ${validSession.slice(0, -2)}xx`,
    "Bearer a.b.c",
    "Bearer ...",
    "Bearer eyJ.eyJ.eyJ",
  ];
}
