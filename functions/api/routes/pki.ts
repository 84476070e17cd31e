import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { authorize } from "../../../core/auth/authorize.js";
import { ensureCa } from "../../../core/pki/ca.js";
import { findCertificate, getCertificate, listCertificates, revokeCertificate } from "../../../core/pki/certificates.js";
import { certificatePurpose, revokeInput } from "../../../core/pki/model.js";
import { ctxOf, inProject } from "../context.js";
import type { ApiEnv } from "../env.js";
import { setEtag } from "../middleware/etag.js";
import { route } from "../route.js";
import { jsonResponse, pageOf, pageQuery, projectParams, serialParam } from "../schemas/common.js";
import { certificateSchema } from "../schemas/resources.js";

const tags = ["Certificates"];
const base = "/v1/domains/{domain}/projects/{project}/certificates";
const serialParams = projectParams.extend({ serial: serialParam });
const listQuery = pageQuery.extend({ purpose: certificatePurpose.optional() });
const optionalReason = { content: { "application/json": { schema: revokeInput } }, required: false };

/** Product §18: the CA bundle, certificate records and revocation. */
export function pkiRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    route({
      method: "get",
      path: "/v1/ca",
      tags,
      summary: "The CA bundle (PEM): trust it to reach the mTLS endpoint",
      security: [],
      responses: { 200: { description: "PEM certificates", content: { "application/x-pem-file": { schema: z.string() } } } },
    }),
    async (c) => {
      const ca = await ensureCa(c.get("deps"));
      return c.body(ca.certPem, 200, { "content-type": "application/x-pem-file", "cache-control": "public, max-age=300" });
    },
  );

  app.openapi(
    route({
      method: "get",
      path: base,
      tags,
      summary: "List the project's certificates",
      request: { params: projectParams, query: listQuery },
      responses: { 200: jsonResponse(pageOf(certificateSchema, "CertificatePage"), "A page of certificates") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      return c.json(await listCertificates(c.get("deps"), t, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: `${base}/{serial}`,
      tags,
      summary: "Get a certificate of the project",
      request: { params: serialParams },
      responses: { 200: jsonResponse(certificateSchema, "The certificate") },
    }),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "read");
      const cert = await getCertificate(c.get("deps"), t, c.req.valid("param").serial);
      setEtag(c, cert.version);
      return c.json(cert, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: `${base}/{serial}/revoke`,
        tags,
        summary: "Revoke a certificate of the project; it authenticates nothing from then on",
        request: { params: serialParams, body: optionalReason },
        responses: { 200: jsonResponse(certificateSchema, "Revoked") },
      },
      ["certificate.revoked"],
    ),
    async (c) => {
      const t = inProject(c, c.req.valid("param"), "admin");
      const deps = c.get("deps");
      const cert = await getCertificate(deps, t, c.req.valid("param").serial);
      return c.json(await revokeCertificate(deps, ctxOf(c), cert, c.req.valid("json")?.reason), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/certificates",
      tags,
      summary: "List every certificate of the installation (platform-admin)",
      request: { query: listQuery },
      responses: { 200: jsonResponse(pageOf(certificateSchema, "CertificatePage"), "A page of certificates") },
    }),
    async (c) => {
      authorize(c.get("principal"), "read", {});
      return c.json(await listCertificates(c.get("deps"), undefined, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    route({
      method: "get",
      path: "/v1/certificates/{serial}",
      tags,
      summary: "Get any certificate by serial (platform-admin)",
      request: { params: z.object({ serial: serialParam }) },
      responses: { 200: jsonResponse(certificateSchema, "The certificate") },
    }),
    async (c) => {
      authorize(c.get("principal"), "read", {});
      const cert = await findCertificate(c.get("deps"), c.req.valid("param").serial);
      setEtag(c, cert.version);
      return c.json(cert, 200);
    },
  );

  app.openapi(
    route(
      {
        method: "post",
        path: "/v1/certificates/{serial}/revoke",
        tags,
        summary: "Revoke any certificate (platform-admin)",
        request: { params: z.object({ serial: serialParam }), body: optionalReason },
        responses: { 200: jsonResponse(certificateSchema, "Revoked") },
      },
      ["certificate.revoked"],
    ),
    async (c) => {
      authorize(c.get("principal"), "admin", {});
      const deps = c.get("deps");
      const cert = await findCertificate(deps, c.req.valid("param").serial);
      return c.json(await revokeCertificate(deps, ctxOf(c), cert, c.req.valid("json")?.reason), 200);
    },
  );
}
