import { expect, test } from "vitest";
import { PageQuery } from "../../server/lib/pagination.ts";
import { AddScopesBody, CreatePatBody, DescriptionBody, NameBody } from "../../server/pats/pat-schemas.ts";
import { limits } from "../src/api/limits.ts";

/**
 * The UI's limits (web/src/api/limits.ts) are the API's: the browser bundle may not import the server's schemas,
 * so this test holds the two together. (Not a browser test: it reads the schemas.)
 */
/** A schema's JSON Schema keywords (TypeBox keeps them on the object; its types do not list them all). */
const keywords = (schema: unknown) => schema as { maxLength?: number; maxItems?: number; maximum?: number; description?: string };

test("the UI checks the limits the API's schemas set", () => {
  expect(keywords(DescriptionBody.properties.description).maxLength).toBe(limits.patDescription);
  expect(keywords(CreatePatBody.properties.description).maxLength).toBe(limits.patDescription);
  expect(keywords(NameBody.properties.name).description).toContain(`1 to ${limits.patName} characters`);
  expect(keywords(AddScopesBody.properties.scopes).maxItems).toBe(limits.scopesPerRequest);
  expect(keywords(CreatePatBody.properties.scopes).maxItems).toBe(limits.scopesPerRequest);
  expect(keywords(PageQuery.limit).maximum).toBe(limits.page);
});
