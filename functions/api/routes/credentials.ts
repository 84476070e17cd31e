import type { OpenAPIHono } from "@hono/zod-openapi";
import { authorize } from "../../../core/auth/authorize.js";
import { createCredential, deleteCredential, getCredential, listCredentials } from "../../../core/credentials/credentials.js";
import { createCredentialInput } from "../../../core/credentials/model.js";
import { ctxOf } from "../context.js";
import type { ApiEnv } from "../env.js";
import { ifMatchVersion, setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { domainParams, ifMatchHeader, jsonBody, jsonResponse, nameParam, pageOf, pageQuery } from "../schemas/common.js";
import { credentialSchema } from "../schemas/credentials.js";

const tags = ["Credentials"];
const base = "/v1/domains/{domain}/credentials";
const nameParams = domainParams.extend({ name: nameParam });

/**
 * Infrastructure credentials of a domain (domain-admin). Secret fields are
 * write-only; projects name credentials in their provider clusters without
 * being able to read them.
 */
export function credentialRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route(
      {
        method: "post",
        path: base,
        tags,
        summary: "Create a credential (domain-admin). Secret fields are stored encrypted and never returned.",
        request: { params: domainParams, body: jsonBody(createCredentialInput) },
        responses: { 201: jsonResponse(credentialSchema, "Created") },
      },
      ["already-exists"],
    ),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const cred = await createCredential(c.get("deps"), ctxOf(c), domain, c.req.valid("json"));
      setEtag(c, cred.version);
      return c.json(cred, 201);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List the domain's credentials, without their secrets (domain-admin)",
      request: { params: domainParams, query: pageQuery },
      responses: { 200: jsonResponse(pageOf(credentialSchema, "CredentialPage"), "A page of credentials") },
    }),
    async (c) => {
      const { domain } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      return c.json(await listCredentials(c.get("deps"), domain, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{name}`,
      tags,
      summary: "Get a credential, without its secrets (domain-admin)",
      request: { params: nameParams },
      responses: { 200: jsonResponse(credentialSchema, "The credential") },
    }),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      const cred = await getCredential(c.get("deps"), domain, name);
      setEtag(c, cred.version);
      return c.json(cred, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "delete",
        path: `${base}/{name}`,
        tags,
        summary: "Delete a credential (409 while provider clusters name it)",
        request: { params: nameParams, headers: ifMatchHeader },
        responses: { 204: { description: "Deleted" } },
      },
      ["credential.in-use"],
    ),
    async (c) => {
      const { domain, name } = c.req.valid("param");
      authorize(c.get("principal"), "admin", { domain });
      await deleteCredential(c.get("deps"), ctxOf(c), domain, name, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
}
