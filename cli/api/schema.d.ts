export interface paths {
  "/v1/domains": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List domains (platform-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of domains */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["DomainPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a domain (platform-admin) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            displayName?: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Domain"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a domain */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The domain */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Domain"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Update a domain's display name and settings, e.g. whether clusters must come from cluster templates (platform-admin) */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            displayName?: string;
            /** @description project members and admins create clusters only from cluster templates offered to their project (domain admins are not bound) */
            requireClusterTemplates?: boolean;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Domain"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a domain's projects */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of projects */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProjectPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a project (domain-admin) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            displayName?: string;
            /** @description the former setting: true is approval {mode: always}, false {mode: never}; give approval or this, not both (422 project.approval-conflict) */
            autoApproveHosts?: boolean;
            approval?: {
              /** @enum {string} */
              mode: "preflight" | "always" | "never";
              /** @description equality selector on the labels a host gets from its facts; hosts that do not match wait for a person */
              selector?: {
                [key: string]: string;
              };
            };
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Project"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `project.approval-conflict`: The body gives both `approval` and the former `autoApproveHosts`; give one.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "project.approval-conflict";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a project, with its settings */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The project */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Project"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Update a project's settings, e.g. how hosts are approved (project-admin) */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            displayName?: string;
            /** @description the former setting: true is approval {mode: always}, false {mode: never}; give approval or this, not both (422 project.approval-conflict) */
            autoApproveHosts?: boolean;
            approval?: {
              /** @enum {string} */
              mode: "preflight" | "always" | "never";
              /** @description equality selector on the labels a host gets from its facts; hosts that do not match wait for a person */
              selector?: {
                [key: string]: string;
              };
            };
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Project"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `project.approval-conflict`: The body gives both `approval` and the former `autoApproveHosts`; give one. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "project.approval-conflict";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/tokens": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List tokens in the caller's scope (or a given domain/project) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          domain?: string;
          project?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of tokens */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["TokenPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Create an API token bound to one role and scope
     * @description The caller can grant only roles up to its own, within its own scope. The secret is returned once.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            /** @enum {string} */
            role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
            domain?: string;
            project?: string;
            /** Format: date-time */
            expiresAt?: string;
          } & (
            | {
                /** @constant */
                role?: "platform-admin";
              }
            | {
                /** @constant */
                role?: "domain-admin";
              }
            | {
                /** @enum {unknown} */
                role?: "project-admin" | "project-member";
              }
            | {
                /** @constant */
                role?: "viewer";
              }
          );
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CreatedToken"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/tokens/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a token */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description an id issued by the control plane: tok_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/whoami": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The caller's own identity: role and scope
     * @description What the bearer is: its role, the domain and project it is bound to, its name; for a person signed in with an identity provider, who they are and their role bindings. Clients (the console) read it to show and enable only what the role allows; the server still authorizes every request.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The caller */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Identity"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-psk": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read the project's host pre-shared key (project-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The PSK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostPsk"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-psk/reset": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rotate the PSK; the old one stops registering hosts at once (project-admin) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The new PSK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostPsk"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/register": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register a host (PSK proof)
     * @description proof = base64(HMAC-SHA256(key = PSK, message = domain\nproject\nmachineId\ntimestamp\nnonce)). The timestamp must be within 5 minutes of the server clock and each nonce is accepted once. The same machineId registering again gets its existing request (or host) back. With a CSR, the machine is bound to the CSR's key; once approved, a registration with a CSR for that key receives the host certificate. Repeated failures for one machine id answer 429 with Retry-After.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            domain: string;
            project: string;
            machineId: string;
            hostname: string;
            /** @description at most 32768 bytes of JSON, objects and arrays nested at most 16 levels */
            facts: {
              [key: string]: components["schemas"]["StorableValue"];
            };
            /** @description Unix time in seconds */
            timestamp: number;
            nonce: string;
            /** @description base64 HMAC-SHA256 with the PSK over domain\nproject\nmachineId\ntimestamp\nnonce */
            proof: string;
            /** @description PEM certificate signing request (used by the host agent) */
            csr?: string;
          };
        };
      };
      responses: {
        /** @description Accepted: the request and its status */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RegistrationAnswer"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `registration.key-mismatch`: The CSR's key is not the key this machine id first registered with; a machine id stays bound to its key.
         *
         *     `registration.nonce-reused`: The registration's nonce was used before; send a fresh one.
         *
         *     `registration.proof-invalid`: The registration proof does not match the project's PSK (or the project does not exist); read the current PSK.
         *
         *     `registration.timestamp-skewed`: The registration's timestamp is more than 5 minutes from the server's clock; fix the host's clock.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "registration.key-mismatch"
                | "registration.nonce-reused"
                | "registration.proof-invalid"
                | "registration.timestamp-skewed";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `registration.interrupted`: The machine's request, host or project changed while it registered; register again (see `Retry-After`).
         *
         *     `registration.key-required`: This machine id registered without a CSR; delete its request or host before it registers again with a key.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "registration.interrupted" | "registration.key-required";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `registration.throttled`: Too many failed registrations for this machine or project; retry after `Retry-After` seconds. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "registration.throttled";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/heartbeat": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Report health over HTTPS (the fallback when the WebSocket is unavailable) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            version: string;
            health: {
              uptimeSeconds?: 0 | number;
              load?: (0 | number)[];
              memory?: {
                totalBytes?: 0 | number;
                availableBytes?: 0 | number;
              };
              disk?: {
                path?: string;
                totalBytes?: 0 | number;
                availableBytes?: 0 | number;
              };
              kernel?: string;
              containerRuntime?: {
                name: string;
                version?: string;
                socket?: string;
              } | null;
            } & {
              [key: string]: components["schemas"]["StorableValue"];
            };
            upgrade?: {
              /** @enum {string} */
              status: "succeeded" | "failed";
              version: string;
              /** Format: date-time */
              at: string;
              error?: string;
            };
            packages?: {
              /** @enum {string} */
              status: "installed" | "refused" | "failed";
              bundle: string;
              /** Format: date-time */
              at: string;
              packages?: string[];
              refusal?: {
                package: string;
                /** @enum {string} */
                check: "signature" | "maintainer";
                key?: string;
                reason: string;
              };
              error?: string;
            };
          };
        };
      };
      responses: {
        /** @description Recorded */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HeartbeatAck"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token.
         *
         *     `client-certificate.refused`: A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required" | "client-certificate.refused";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/ws-ticket": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A single-use ticket (60 s) to open the agent WebSocket */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The ticket and where to use it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AgentWsTicket"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token.
         *
         *     `client-certificate.refused`: A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required" | "client-certificate.refused";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
        /** @description `agent.websocket-unavailable`: This installation has no agent WebSocket endpoint; report over HTTPS (POST /v1/agent/heartbeat). */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "agent.websocket-unavailable";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/release": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The agent release hosts should run (hosts over mTLS, or a platform admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The release */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AgentReleaseForHost"] | components["schemas"]["AgentRelease"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token.
         *
         *     `client-certificate.refused`: A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required" | "client-certificate.refused";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    /**
     * Name the agent release hosts upgrade to (platform-admin)
     * @description artifactKey names an object in the artifacts bucket (served to hosts over mTLS); url any other location. Agents verify sha256.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            version: string;
            sha256: string;
            artifactKey?: string;
            url?: string;
            notes?: string;
          } & (unknown | unknown);
        };
      };
      responses: {
        /** @description Published */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AgentRelease"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `agent-release.artifact-missing`: The release names an artifact that is not in the artifacts bucket; upload the build first. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "agent-release.artifact-missing";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/release/artifact": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the current release's build (hosts over mTLS) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The build */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/octet-stream": string;
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token.
         *
         *     `client-certificate.refused`: A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required" | "client-certificate.refused";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/bundle": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The BYOH bundle manifest for this host's OS, with the package keys to trust (hosts over mTLS)
     * @description The manifest published for the Kubernetes version and the host's OS (from its facts, or its ckp.io/os label), and trustedKeys: the installation's active package-signing keys. The agent refuses a package that none of them signed or whose Maintainer is not Coredge.io (product §2.4). 422 when the host's OS has no bundles; 404 when none is published.
     */
    get: {
      parameters: {
        query: {
          kubernetesVersion: "v1.29.0" | "v1.30.6" | "v1.31.2" | "v1.32.11" | "v1.33.7" | "v1.34.3" | "v1.35.1";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The manifest and the keys */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ByohBundleForHost"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /**
         * @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token.
         *
         *     `client-certificate.refused`: A host-only endpoint got no client certificate, or one that was revoked, not issued to this host, or names a deleted host; the agent registers again.
         */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required" | "client-certificate.refused";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/agent/download": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an agent build (no authentication: for machines that are not registered yet)
     * @description Without `sha256`: the current release's build. With `sha256`: the build published with that digest (the cloud-init of provisioned machines pins it), even after a newer release. A release given by `url` answers 302 to it. Check the digest of what you download.
     */
    get: {
      parameters: {
        query?: {
          sha256?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The build */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/octet-stream": string;
          };
        };
        /** @description The release is kept elsewhere: its URL */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List host requests, optionally by status */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          status?: "pending" | "approved" | "rejected";
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of requests */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostRequestPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a host request */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: hreq_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The request */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostRequest"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a pending or rejected request; its machine id is freed to register again */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: hreq_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `hostrequest.host-exists`: The request was approved and its host exists (`hostId`); delete the host instead, which takes the request along.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "hostrequest.host-exists";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests/{id}/approve": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a pending request; its host is created (create-pending) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: hreq_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Approved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostRequest"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `hostrequest.decided`: The host request was already approved or rejected (`requestStatus`); a request is decided once.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "hostrequest.decided" | "idempotency.in-progress";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests/{id}/reject": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a pending request, with a reason */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: hreq_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Rejected */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostRequest"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `hostrequest.decided`: The host request was already approved or rejected (`requestStatus`); a request is decided once.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "hostrequest.decided" | "idempotency.in-progress";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests/bulk-approve": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve many requests; a result per id */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: string[];
          };
        };
      };
      responses: {
        /** @description A result per id */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BulkResult"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-requests/bulk-reject": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject many requests with one reason; a result per id */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: string[];
            reason: string;
          };
        };
      };
      responses: {
        /** @description A result per id */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BulkResult"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/hosts": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List hosts (filters: status, group, label) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          status?: "create-pending" | "create-completed" | "create-failed";
          group?: string;
          /** @description equality selector: key=value[,key=value...], at most 20 terms */
          label?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of hosts */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/hosts/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a host */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: host_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The host */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Host"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a host (force=true also when it is assigned to a cluster) */
    delete: {
      parameters: {
        query?: {
          force?: "true" | "false";
        };
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: host_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `host.assigned`: The host is assigned to a cluster (`clusterId`): it cannot leave its group or go with a forced group delete, and is deleted only with `force=true`.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "host.assigned";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Replace a host's labels */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description an id issued by the control plane: host_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            labels: {
              [key: string]: string;
            };
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Host"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/hosts/bulk-delete": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Delete many hosts; a result per id */
    post: {
      parameters: {
        query?: {
          force?: "true" | "false";
        };
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: string[];
          };
        };
      };
      responses: {
        /** @description A result per id */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BulkResult"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-groups": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List host groups */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of groups */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostGroupPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a host group */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            description?: string;
            labels?: {
              [key: string]: string;
            };
            /** @description a management cluster (name or id) where the group's free hosts are registered as ByoHosts */
            managementCluster?: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostGroup"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "management-cluster.unknown";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-groups/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a host group (list its hosts with GET /hosts?group=) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The group */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostGroup"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a host group (409 while it has hosts, unless force=true releases them) */
    delete: {
      parameters: {
        query?: {
          force?: "true" | "false";
        };
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `host.assigned`: The host is assigned to a cluster (`clusterId`): it cannot leave its group or go with a forced group delete, and is deleted only with `force=true`.
         *
         *     `hostgroup.in-use`: The host group has hosts (`hostCount`); remove them, or delete with `force=true` to release them.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "host.assigned" | "hostgroup.in-use";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Update a host group's description or labels */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string;
            labels?: {
              [key: string]: string;
            };
            /** @description null: the group's free hosts have no ByoHost until a cluster takes them */
            managementCluster?: string | null;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["HostGroup"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "management-cluster.unknown";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/{hostId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Add a host to the group (409 if it is in another group; 422 host.preflight-failed if it fails its preflight) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
          /** @description an id issued by the control plane: host_ and 26 lowercase base32 characters */
          hostId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The host is in the group */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `host.in-another-group`: The host already belongs to another host group (`group`); remove it from that group first.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "host.in-another-group";
            };
          };
        };
        /**
         * @description `host.preflight-failed`: The host fails its preflight (`hostId`, `checks[]` with each check, reason and fix); fix the host (or let its agent fix it with preflight.fix) and add it again once its agent reports the fix.
         *
         *     `host.provisioning-failed`: The host failed provisioning (status `create-failed`) and cannot join a group; delete it.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "host.preflight-failed" | "host.provisioning-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    post?: never;
    /** Remove a host from the group */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
          /** @description an id issued by the control plane: host_ and 26 lowercase base32 characters */
          hostId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `host.assigned`: The host is assigned to a cluster (`clusterId`): it cannot leave its group or go with a forced group delete, and is deleted only with `force=true`.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "host.assigned";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-add": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add many hosts; a result per id */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: string[];
          };
        };
      };
      responses: {
        /** @description A result per id */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BulkResult"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/host-groups/{name}/hosts/bulk-remove": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Remove many hosts; a result per id */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: string[];
          };
        };
      };
      responses: {
        /** @description A result per id */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BulkResult"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A project's audit trail, newest first (filters: type, subject, actor, from, to) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description event type(s): repeat the parameter or separate with commas, e.g. ckp.host.deleted,ckp.hostrequest.approved */
          type?: string | string[];
          /** @description exact subject (hosts/host_01…), or a prefix ending in * (hosts/*) */
          subject?: string;
          /** @description kind:id (token:tok_01…, host:machine:m-1, person:corp:alice@example.com), just the id, or person:<user> (a person by the IdP's user claim) */
          actor?: string;
          /** @description RFC 3339, inclusive */
          from?: string;
          /** @description RFC 3339, inclusive */
          to?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of events */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AuditEventPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A domain's audit trail: its own events and its projects' (domain-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description event type(s): repeat the parameter or separate with commas, e.g. ckp.host.deleted,ckp.hostrequest.approved */
          type?: string | string[];
          /** @description exact subject (hosts/host_01…), or a prefix ending in * (hosts/*) */
          subject?: string;
          /** @description kind:id (token:tok_01…, host:machine:m-1, person:corp:alice@example.com), just the id, or person:<user> (a person by the IdP's user claim) */
          actor?: string;
          /** @description RFC 3339, inclusive */
          from?: string;
          /** @description RFC 3339, inclusive */
          to?: string;
          /** @description only this project's events */
          project?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of events */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AuditEventPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The platform-wide audit trail (platform-admin); without from, the last 30 days up to to */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description event type(s): repeat the parameter or separate with commas, e.g. ckp.host.deleted,ckp.hostrequest.approved */
          type?: string | string[];
          /** @description exact subject (hosts/host_01…), or a prefix ending in * (hosts/*) */
          subject?: string;
          /** @description kind:id (token:tok_01…, host:machine:m-1, person:corp:alice@example.com), just the id, or person:<user> (a person by the IdP's user claim) */
          actor?: string;
          /** @description RFC 3339, inclusive */
          from?: string;
          /** @description RFC 3339, inclusive */
          to?: string;
          /** @description only this project's events */
          project?: string;
          /** @description only this domain's events */
          domain?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of events */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["AuditEventPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/management-clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List management clusters (platform-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of management clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ManagementClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Register a management cluster (platform-admin). Credentials are stored encrypted and never returned.
     * @description connectivity remote: no credentials; the answer's `agent` carries a registration token and the manifest that runs the cluster agent in the cluster, which then dials out and holds the tunnel the control plane works through (docs/tunnel.md).
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            description?: string;
            /**
             * @default direct
             * @enum {string}
             */
            connectivity?: "direct" | "remote";
            /** @description a kubeconfig (YAML); its current context is used. Write-only. */
            kubeconfig?: string;
            /** @description API server URL (https), instead of a kubeconfig */
            server?: string;
            /** @description PEM (or base64 of PEM) of the API server's CA, with server */
            caData?: string;
            /** @description bearer token, with server. Write-only. */
            token?: string;
            /** @description e.g. region, zone; placement selects on them */
            labels?: {
              [key: string]: string;
            };
            /** @description placement puts at most this many clusters here */
            maxClusters?: number;
            /** @description the API server's URL as the workload clusters' nodes reach it, when that is not the address the control plane uses (a remote management cluster has none the control plane knows); Karpenter in a workload cluster calls it */
            workloadFacingServer?: string;
            /** @description remote: how long the agent's registration token can be used (default 24 h) */
            tokenTtlSeconds?: number;
          } & (
            | unknown
            | unknown
            | {
                /** @constant */
                connectivity: "remote";
              }
          );
        };
      };
      responses: {
        /** @description Registered */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ManagementClusterRegistered"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/management-clusters/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a management cluster (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The management cluster */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ManagementCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Deregister a management cluster (409 while clusters or provider clusters use it) */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `management-cluster.in-use`: Clusters are placed on the management cluster, or provider clusters or host groups name it (`clusterCount`, `providerClusterCount`, `hostGroupCount`).
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "management-cluster.in-use";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Update labels, description, capacity, schedulability, or rotate the credentials (platform-admin) */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string;
            labels?: {
              [key: string]: string;
            };
            /** @description null removes the limit */
            maxClusters?: number | null;
            /** @description false: placement chooses this cluster for no new cluster */
            schedulable?: boolean;
            /** @description null removes it */
            workloadFacingServer?: string | null;
            /** @description a kubeconfig (YAML); its current context is used. Write-only. */
            kubeconfig?: string;
            /** @description API server URL (https), instead of a kubeconfig */
            server?: string;
            /** @description PEM (or base64 of PEM) of the API server's CA, with server */
            caData?: string;
            /** @description bearer token, with server. Write-only. */
            token?: string;
          } & (
            | {
                /** @constant */
                connectivity: "remote";
              }
            | unknown
            | unknown
          );
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ManagementCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/management-clusters/{id}/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Probe a management cluster: reachability, Kubernetes version, installed providers (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Health, also when unreachable (reachable: false) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ManagementClusterHealth"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/management-clusters/{id}/agent": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A remote management cluster's agent: its tunnel's state and its registration tokens (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The agent's state */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterAgentStatus"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/management-clusters/{id}/agent-tokens": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new registration token for a remote management cluster's agent, with its manifest (platform-admin) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description how long the token can be used (default 24 h) */
            ttlSeconds?: number;
          };
        };
      };
      responses: {
        /** @description The token and manifest */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterAgentInstall"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/management-clusters/{id}/agent-tokens/{tokenId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a registration token: it can no longer register an agent (platform-admin) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description an id issued by the control plane: mc_ and 26 lowercase base32 characters */
          id: string;
          tokenId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/credentials": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the domain's credentials, without their secrets (domain-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of credentials */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CredentialPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a credential (domain-admin). Secret fields are stored encrypted and never returned. */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | {
                /** @enum {string} */
                type: "orbiter-bms";
                name: string;
                description?: string;
                /** @description Orbiter Baremetal API endpoint */
                endpoint: string;
                /** @description hardware access secret for server allocation and BMC access. Write-only: never returned. */
                hardwareAccessSecret: string;
              }
            | {
                /** @enum {string} */
                type: "ccs-openstack";
                name: string;
                description?: string;
                /** @description Keystone auth URL of the CCS cloud */
                authUrl: string;
                applicationCredentialId: string;
                /** @description application credential secret. Write-only: never returned. */
                applicationCredentialSecret: string;
                region: string;
              };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Credential"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/credentials/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a credential, without its secrets (domain-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The credential */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Credential"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a credential (409 while provider clusters name it) */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `credential.in-use`: Provider clusters name this credential (`providerClusterCount`); change or delete them first.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "credential.in-use";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/provider-clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the domain's provider clusters, or look one up by the cluster using it (clusterId) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description lookup: the provider cluster this cluster uses */
          clusterId?: string;
          /** @description all: the domain's and every project's; domain: only the domain's own */
          scope?: "all" | "domain";
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of provider clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a provider cluster for the domain */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | ({
                /** @enum {string} */
                type: "ccs-vm";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  /** @description the image per OS and architecture */
                  images: {
                    /** @enum {string} */
                    os: "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
                    /** @enum {string} */
                    arch: "amd64" | "arm64";
                    /** @description image name or id in the CCS cloud */
                    image: string;
                  }[] &
                    (unknown & unknown & unknown & unknown & unknown & unknown);
                  flavor: string;
                  network: string;
                  /** @default [] */
                  securityGroups?: string[];
                };
                name: string;
              } & (unknown | unknown))
            | ({
                /** @enum {string} */
                type: "orbiter-bms";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  serverPool: string;
                  /** @description cloud-init user data template */
                  cloudInitTemplate: string;
                };
                name: string;
              } & (unknown | unknown));
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `credential.type-mismatch`: The credential is not of the type this provider needs (`ccs-openstack` for `ccs-vm`, `orbiter-bms` for `orbiter-bms`).
         *
         *     `credential.unknown`: The credential named (`credential`) does not exist in the domain.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `management-cluster.no-match`: No management cluster matches the placement rule (`placement`), or every match is full or unschedulable.
         *
         *     `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "credential.type-mismatch"
                | "credential.unknown"
                | "idempotency.key-reused"
                | "management-cluster.no-match"
                | "management-cluster.unknown";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/provider-clusters/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a provider cluster by name */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The provider cluster */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    /** Replace a provider cluster's configuration (the type cannot change) */
    put: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | ({
                /** @enum {string} */
                type: "ccs-vm";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  /** @description the image per OS and architecture */
                  images: {
                    /** @enum {string} */
                    os: "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
                    /** @enum {string} */
                    arch: "amd64" | "arm64";
                    /** @description image name or id in the CCS cloud */
                    image: string;
                  }[] &
                    (unknown & unknown & unknown & unknown & unknown & unknown);
                  flavor: string;
                  network: string;
                  /** @default [] */
                  securityGroups?: string[];
                };
              } & (unknown | unknown))
            | ({
                /** @enum {string} */
                type: "orbiter-bms";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  serverPool: string;
                  /** @description cloud-init user data template */
                  cloudInitTemplate: string;
                };
              } & (unknown | unknown));
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `credential.type-mismatch`: The credential is not of the type this provider needs (`ccs-openstack` for `ccs-vm`, `orbiter-bms` for `orbiter-bms`).
         *
         *     `credential.unknown`: The credential named (`credential`) does not exist in the domain.
         *
         *     `management-cluster.no-match`: No management cluster matches the placement rule (`placement`), or every match is full or unschedulable.
         *
         *     `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist.
         *
         *     `provider-cluster.type-immutable`: A provider cluster's type cannot change; create another provider cluster.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "credential.type-mismatch"
                | "credential.unknown"
                | "management-cluster.no-match"
                | "management-cluster.unknown"
                | "provider-cluster.type-immutable";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    post?: never;
    /** Delete a provider cluster (409 while a cluster uses it) */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `provider-cluster.in-use`: Clusters use this provider cluster (`clusterCount`); delete them first.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "provider-cluster.in-use";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/provider-clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the project's provider clusters, or look one up by the cluster using it (clusterId) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description lookup: the provider cluster this cluster uses */
          clusterId?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of provider clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a provider cluster for the project */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | ({
                /** @enum {string} */
                type: "ccs-vm";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  /** @description the image per OS and architecture */
                  images: {
                    /** @enum {string} */
                    os: "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
                    /** @enum {string} */
                    arch: "amd64" | "arm64";
                    /** @description image name or id in the CCS cloud */
                    image: string;
                  }[] &
                    (unknown & unknown & unknown & unknown & unknown & unknown);
                  flavor: string;
                  network: string;
                  /** @default [] */
                  securityGroups?: string[];
                };
                name: string;
              } & (unknown | unknown))
            | ({
                /** @enum {string} */
                type: "orbiter-bms";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  serverPool: string;
                  /** @description cloud-init user data template */
                  cloudInitTemplate: string;
                };
                name: string;
              } & (unknown | unknown));
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `credential.type-mismatch`: The credential is not of the type this provider needs (`ccs-openstack` for `ccs-vm`, `orbiter-bms` for `orbiter-bms`).
         *
         *     `credential.unknown`: The credential named (`credential`) does not exist in the domain.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `management-cluster.no-match`: No management cluster matches the placement rule (`placement`), or every match is full or unschedulable.
         *
         *     `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "credential.type-mismatch"
                | "credential.unknown"
                | "idempotency.key-reused"
                | "management-cluster.no-match"
                | "management-cluster.unknown";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/provider-clusters/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a provider cluster by name */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The provider cluster */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    /** Replace a provider cluster's configuration (the type cannot change) */
    put: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | ({
                /** @enum {string} */
                type: "ccs-vm";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  /** @description the image per OS and architecture */
                  images: {
                    /** @enum {string} */
                    os: "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
                    /** @enum {string} */
                    arch: "amd64" | "arm64";
                    /** @description image name or id in the CCS cloud */
                    image: string;
                  }[] &
                    (unknown & unknown & unknown & unknown & unknown & unknown);
                  flavor: string;
                  network: string;
                  /** @default [] */
                  securityGroups?: string[];
                };
              } & (unknown | unknown))
            | ({
                /** @enum {string} */
                type: "orbiter-bms";
                description?: string;
                /** @description name of a credential of the domain */
                credential: string;
                /** @description management cluster name or id; or give placement */
                managementCluster?: string;
                /** @description choose the management cluster per new cluster by label selector, then least loaded */
                placement?: {
                  matchLabels?: {
                    [key: string]: string;
                  };
                  matchExpressions?: ({
                    key: string;
                    /** @enum {string} */
                    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                    values?: string[];
                  } & (
                    | {
                        /** @enum {unknown} */
                        operator?: "In" | "NotIn";
                        values: unknown;
                      }
                    | {
                        /** @enum {unknown} */
                        operator?: "Exists" | "DoesNotExist";
                        values?: unknown;
                      }
                  ))[];
                };
                defaults: {
                  serverPool: string;
                  /** @description cloud-init user data template */
                  cloudInitTemplate: string;
                };
              } & (unknown | unknown));
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `credential.type-mismatch`: The credential is not of the type this provider needs (`ccs-openstack` for `ccs-vm`, `orbiter-bms` for `orbiter-bms`).
         *
         *     `credential.unknown`: The credential named (`credential`) does not exist in the domain.
         *
         *     `management-cluster.no-match`: No management cluster matches the placement rule (`placement`), or every match is full or unschedulable.
         *
         *     `management-cluster.unknown`: The management cluster named (`managementCluster`) does not exist.
         *
         *     `provider-cluster.type-immutable`: A provider cluster's type cannot change; create another provider cluster.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "credential.type-mismatch"
                | "credential.unknown"
                | "management-cluster.no-match"
                | "management-cluster.unknown"
                | "provider-cluster.type-immutable";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    post?: never;
    /** Delete a provider cluster (409 while a cluster uses it) */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `provider-cluster.in-use`: Clusters use this provider cluster (`clusterCount`); delete them first.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "provider-cluster.in-use";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/provider-status": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the domain has a provider cluster configured, and whether each can be used now */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Provider status of the domain */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderStatus"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/provider-clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every provider cluster of the platform, both scopes (platform-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of provider clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ProviderClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ca": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The CA bundle (PEM): trust it to reach the mTLS endpoint */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description PEM certificates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/x-pem-file": string;
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/certificates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the project's certificates */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          purpose?: "host" | "server" | "cluster" | "cluster-agent";
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of certificates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CertificatePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/certificates/{serial}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a certificate of the project */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          serial: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The certificate */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Certificate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/certificates/{serial}/revoke": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a certificate of the project; it authenticates nothing from then on */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          serial: string;
        };
        cookie?: never;
      };
      requestBody?: {
        content: {
          "application/json": {
            reason?: string;
          };
        };
      };
      responses: {
        /** @description Revoked */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Certificate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `certificate.revoked`: The certificate is already revoked.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "certificate.revoked" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/certificates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List every certificate of the installation (platform-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          purpose?: "host" | "server" | "cluster" | "cluster-agent";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of certificates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["CertificatePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/certificates/{serial}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get any certificate by serial (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          serial: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The certificate */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Certificate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/certificates/{serial}/revoke": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke any certificate (platform-admin) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          serial: string;
        };
        cookie?: never;
      };
      requestBody?: {
        content: {
          "application/json": {
            reason?: string;
          };
        };
      };
      responses: {
        /** @description Revoked */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Certificate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `certificate.revoked`: The certificate is already revoked.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "certificate.revoked" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List clusters: CAPI clusters (type capi) and, beside them, imported ones (type imported, …/imported-clusters) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          /** @description only clusters made from this cluster template */
          template?: string;
          /** @description with template: only clusters on this version of it */
          templateVersion?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a cluster; the lifecycle saga takes it to Ready (watch GET …/clusters/{id}/status). 422 when no BYOH bundle matches its version and hosts */
    post: {
      parameters: {
        query?: {
          /** @description true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json":
            | {
                name: string;
                description?: string;
                /** @description a version of GET /v1/kubernetes-versions, e.g. v1.31.2 */
                kubernetesVersion: string;
                /**
                 * @description Cilium by default; its version comes from the compatibility matrix, its values from the addon catalog (GET /v1/addons)
                 * @default {
                 *       "name": "cilium",
                 *       "values": {
                 *         "hubble": {
                 *           "enabled": false
                 *         },
                 *         "operator": {
                 *           "replicas": 1
                 *         }
                 *       }
                 *     }
                 */
                cni?:
                  | {
                      /** @enum {string} */
                      name: "cilium";
                      /**
                       * @default {
                       *       "hubble": {
                       *         "enabled": false
                       *       },
                       *       "operator": {
                       *         "replicas": 1
                       *       }
                       *     }
                       */
                      values?: {
                        /**
                         * @default {
                         *       "enabled": false
                         *     }
                         */
                        hubble?: {
                          /** @default false */
                          enabled?: boolean;
                        };
                        /**
                         * @default {
                         *       "replicas": 1
                         *     }
                         */
                        operator?: {
                          /** @default 1 */
                          replicas?: number;
                        };
                        /** @description the pod network MTU; detected from the nodes when unset */
                        mtu?: number;
                      };
                    }
                  | {
                      /** @enum {string} */
                      name: "calico";
                      /**
                       * @default {
                       *       "encapsulation": "VXLAN"
                       *     }
                       */
                      values?: {
                        /**
                         * @default VXLAN
                         * @enum {string}
                         */
                        encapsulation?: "VXLAN" | "VXLANCrossSubnet" | "IPIP" | "IPIPCrossSubnet" | "None";
                        mtu?: number;
                      };
                    }
                  | {
                      /** @enum {string} */
                      name: "flannel";
                      /**
                       * @default {
                       *       "backend": "vxlan"
                       *     }
                       */
                      values?: {
                        /**
                         * @default vxlan
                         * @enum {string}
                         */
                        backend?: "vxlan" | "host-gw" | "wireguard";
                      };
                    };
                /** @description a provider cluster of the project, or of its domain */
                providerCluster: string;
                /** @description the host group workers are taken from */
                hostGroup: string;
                /** @description the primary worker pool's (named workers) node count */
                workers: number;
                /** @description node roles of the primary pool's nodes (node-role.kubernetes.io/<role>), at most 10 */
                workerRoles?: string[];
                /** @description taints the primary pool's nodes register with, at most 20 */
                workerTaints?: {
                  key: string;
                  value?: string;
                  /** @enum {string} */
                  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                }[];
                /** @description pools beyond the primary one (hostGroup, workers), at most 10: each from its own free hosts of its own host group (never provisioned by the provider), each its own MachineDeployment */
                workerPools?: {
                  /** @description the pool's name, unique in the cluster and not "workers" (the primary pool's); its MachineDeployment is workers-<name> */
                  name: string;
                  /** @description the host group the pool's hosts are taken from; no other pool of the cluster may use it */
                  hostGroup: string;
                  count: number;
                  /** @description node roles, at most 10 */
                  roles?: string[];
                  /** @description taints every node of the pool registers with, at most 20 */
                  taints?: {
                    key: string;
                    value?: string;
                    /** @enum {string} */
                    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                  }[];
                }[];
                /**
                 * @description OS and architecture of machines the provider creates when the group lacks free hosts
                 * @default {
                 *       "os": "ubuntu-20.04",
                 *       "arch": "amd64"
                 *     }
                 */
                machines?: {
                  /**
                   * @default ubuntu-20.04
                   * @enum {string}
                   */
                  os?: "ubuntu-20.04" | "rhel-9";
                  /**
                   * @default amd64
                   * @enum {string}
                   */
                  arch?: "amd64" | "arm64";
                };
                controlPlaneEndpoint?: {
                  /** @description VIP or DNS name of the API server */
                  host: string;
                  /** @default 6443 */
                  port?: number;
                };
                /**
                 * @default {
                 *       "podCidr": "10.244.0.0/16",
                 *       "serviceCidr": "10.96.0.0/12"
                 *     }
                 */
                network?: {
                  /** @default 10.244.0.0/16 */
                  podCidr?: string;
                  /** @default 10.96.0.0/12 */
                  serviceCidr?: string;
                  /** @description the node network; defaults to the provider's subnet when it has one */
                  nodeCidr?: string;
                };
                /** @default {} */
                extraArgs?: {
                  kubelet?: {
                    [key: string]: string;
                  };
                  apiServer?: {
                    [key: string]: string;
                  };
                  controllerManager?: {
                    [key: string]: string;
                  };
                  scheduler?: {
                    [key: string]: string;
                  };
                };
                /**
                 * @description the cluster's MachineHealthCheck: workers whose Node stays unhealthy are replaced
                 * @default {
                 *       "unhealthyAfter": "5m"
                 *     }
                 */
                machineHealthCheck?: {
                  /**
                   * @description how long a worker's Node may be NotReady or Unknown before Cluster API replaces its machine (5m by default)
                   * @default 5m
                   */
                  unhealthyAfter?: string;
                };
                /**
                 * @description the CKP storage plugin (on by default; needs a storage profile in the domain) and Velero (off by default)
                 * @default {
                 *       "storage": {
                 *         "enabled": true,
                 *         "values": {
                 *           "provisionerReplicas": 2,
                 *           "fsType": "ext4"
                 *         }
                 *       },
                 *       "velero": {
                 *         "enabled": false,
                 *         "values": {
                 *           "deployNodeAgent": false,
                 *           "snapshotsEnabled": false,
                 *           "defaultVolumesToFsBackup": false
                 *         }
                 *       },
                 *       "karpenter": {
                 *         "enabled": false,
                 *         "values": {
                 *           "minWorkers": 1,
                 *           "maxWorkers": 10,
                 *           "logLevel": "info"
                 *         }
                 *       }
                 *     }
                 */
                addons?: {
                  /**
                   * @default {
                   *       "enabled": true,
                   *       "values": {
                   *         "provisionerReplicas": 2,
                   *         "fsType": "ext4"
                   *       }
                   *     }
                   */
                  storage?: {
                    /**
                     * @description the CKP storage plugin (Ceph RBD CSI, StorageClass ckp-block); on by default
                     * @default true
                     */
                    enabled?: boolean;
                    /** @description the domain's storage profile to use; default: the domain's default profile */
                    profile?: string;
                    /**
                     * @default {
                     *       "provisionerReplicas": 2,
                     *       "fsType": "ext4"
                     *     }
                     */
                    values?: {
                      /** @default 2 */
                      provisionerReplicas?: number;
                      /**
                       * @default ext4
                       * @enum {string}
                       */
                      fsType?: "ext4" | "xfs";
                    };
                  };
                  /**
                   * @default {
                   *       "enabled": false,
                   *       "values": {
                   *         "deployNodeAgent": false,
                   *         "snapshotsEnabled": false,
                   *         "defaultVolumesToFsBackup": false
                   *       }
                   *     }
                   */
                  velero?: {
                    /**
                     * @description Velero; off by default
                     * @default false
                     */
                    enabled?: boolean;
                    /**
                     * @default {
                     *       "deployNodeAgent": false,
                     *       "snapshotsEnabled": false,
                     *       "defaultVolumesToFsBackup": false
                     *     }
                     */
                    values?: {
                      /**
                       * @description run Velero's node agent (file-system backups of volumes) on every node
                       * @default false
                       */
                      deployNodeAgent?: boolean;
                      /**
                       * @description take CSI volume snapshots during backups
                       * @default false
                       */
                      snapshotsEnabled?: boolean;
                      /** @default false */
                      defaultVolumesToFsBackup?: boolean;
                    };
                  };
                  /**
                   * @default {
                   *       "enabled": false,
                   *       "values": {
                   *         "minWorkers": 1,
                   *         "maxWorkers": 10,
                   *         "logLevel": "info"
                   *       }
                   *     }
                   */
                  karpenter?: {
                    /**
                     * @description Karpenter node autoscaling; off by default, and only for clusters of a CCS VM provider cluster
                     * @default false
                     */
                    enabled?: boolean;
                    /**
                     * @default {
                     *       "minWorkers": 1,
                     *       "maxWorkers": 10,
                     *       "logLevel": "info"
                     *     }
                     */
                    values?: {
                      /**
                       * @description the fewest workers Karpenter may scale the cluster's worker MachineDeployment down to
                       * @default 1
                       */
                      minWorkers?: number;
                      /**
                       * @description the most workers Karpenter may scale it up to
                       * @default 10
                       */
                      maxWorkers?: number;
                      /**
                       * @default info
                       * @enum {string}
                       */
                      logLevel?: "debug" | "info" | "error";
                    };
                  };
                };
                /** @description etcd encryption at rest with AES-GCM and key rotation (off unless asked for) */
                encryption?: {
                  /** @default true */
                  enabled?: boolean;
                  /**
                   * @description the resources encrypted at rest (secrets and configmaps by default)
                   * @default [
                   *       "secrets",
                   *       "configmaps"
                   *     ]
                   */
                  resources?: string[];
                  /**
                   * @description hours between key rotations (168 by default)
                   * @default 168
                   */
                  rotationHours?: number;
                  /**
                   * @description how many keys are kept, the newest (8 by default): data written under a retired key could not be read
                   * @default 8
                   */
                  keepKeys?: number;
                };
                /** @description where every component image and addon chart is pulled from; the installation's default registry unless given */
                imageRegistry?:
                  | {
                      /** @enum {string} */
                      type: "default";
                    }
                  | {
                      /** @enum {string} */
                      type: "private";
                      url: string;
                      /** @description write-only: sealed at rest; the cluster shows the username only */
                      credentials?: {
                        username: string;
                        password: string;
                      };
                      /** @description PEM CA certificates the registry's TLS certificate chains to */
                      caBundle?: string;
                    }
                  | {
                      /** @enum {string} */
                      type: "public";
                      url: string;
                      /** @description write-only: sealed at rest; the cluster shows the username only */
                      credentials: {
                        username: string;
                        password: string;
                      };
                    };
                labels?: {
                  [key: string]: string;
                };
                annotations?: {
                  [key: string]: string;
                };
              }
            | components["schemas"]["CreateClusterFromTemplateInput"];
        };
      };
      responses: {
        /** @description The plan (dryRun=true): nothing was changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterPlan"];
          };
        };
        /** @description Accepted: provisioning started */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /**
         * @description `cluster.template-required`: The domain requires clusters to be created from cluster templates: send `{template, version, parameters}` (a domain admin may still send a full spec).
         *
         *     `forbidden`: The caller's role does not allow this action in this scope.
         */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.template-required" | "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.name-taken`: A cluster of that name already exists in the project; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.name-taken" | "conflict";
            };
          };
        };
        /**
         * @description `cluster-template.not-offered`: The template (or that version of it) is not offered to the project: GET …/projects/{project}/cluster-templates lists what is.
         *
         *     `cluster-template.parameter-invalid`: A parameter is missing, unknown, of the wrong type, not allowed or out of range; `errors[]` names each parameter.
         *
         *     `cluster-template.version-deprecated`: That version of the template is deprecated: new clusters (and moves) take a version that is not (`latest`).
         *
         *     `cluster.autoscaling-bounds-invalid`: The karpenter addon's `minWorkers` is greater than its `maxWorkers`.
         *
         *     `cluster.autoscaling-not-supported`: Karpenter autoscaling is supported only for CCS VM host groups: the cluster's provider cluster (`providerType`) cannot make machines on demand.
         *
         *     `cluster.bundle-missing`: No BYOH bundle is published for the version and the hosts' OS and architecture; `bundle` names it: publish it first.
         *
         *     `cluster.insufficient-hosts`: The host group has too few free hosts (`freeHosts`, `neededHosts`); add hosts to the group or ask for fewer workers.
         *
         *     `cluster.registry-invalid`: The cluster's `imageRegistry.caBundle` holds no certificate that parses.
         *
         *     `cluster.storage-profile-missing`: The cluster asks for the CKP storage plugin but its domain has no such storage profile (or no default one); a platform admin registers one, or create the cluster with `addons.storage.enabled=false`.
         *
         *     `cluster.version-unsupported`: The Kubernetes version is not in the compatibility matrix; `supportedVersions` lists those that are.
         *
         *     `cluster.worker-pool-invalid`: The worker pools contradict each other (`fields` says where): a pool named `workers` (the primary pool's name) or named twice, a host group used by two pools, a taint given twice.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "cluster-template.not-offered"
                | "cluster-template.parameter-invalid"
                | "cluster-template.version-deprecated"
                | "cluster.autoscaling-bounds-invalid"
                | "cluster.autoscaling-not-supported"
                | "cluster.bundle-missing"
                | "cluster.insufficient-hosts"
                | "cluster.registry-invalid"
                | "cluster.storage-profile-missing"
                | "cluster.version-unsupported"
                | "cluster.worker-pool-invalid"
                | "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a cluster */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cluster */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a cluster: its CAPI objects, hosts (back to the group) and provider machines are released */
    delete: {
      parameters: {
        query?: {
          /** @description true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The plan (dryRun=true): nothing was changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterPlan"];
          };
        };
        /** @description Deleting */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a cluster's description, labels or annotations */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string;
            labels?: {
              [key: string]: string;
            };
            annotations?: {
              [key: string]: string;
            };
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/status": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A cluster's progress: phase, conditions, the current step and each step's start and end */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The status */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterStatus"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/kubeconfig": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The cluster's admin kubeconfig, as its control plane provider wrote it on the management cluster (project admins; each read is an audit event). 409 until the control plane is up */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The kubeconfig (YAML) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/yaml": string;
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `cluster.kubeconfig-unavailable`: The cluster has no kubeconfig yet: its control plane is not up (or it is being deleted); `phase` says where it is. Wait for the control plane. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.kubeconfig-unavailable";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/scale": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change a worker pool's count: the primary pool (workers) unless `pool` names another (404 cluster.worker-pool-unknown); 422 when the pool's group has too few free hosts; after a failed scale, retry it (same count) or abandon it (the count before); while a scale runs, its own count answers 202 with it and any other 409 */
    post: {
      parameters: {
        query?: {
          /** @description true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            workers: number;
            /** @description the worker pool to scale: workers (the primary pool, the default) or a name of workerPools */
            pool?: string;
          };
        };
      };
      responses: {
        /** @description The plan (dryRun=true): nothing was changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterPlan"];
          };
        };
        /** @description Scaling */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /**
         * @description `cluster.worker-pool-unknown`: The cluster has no worker pool of that name; its pools are `workers` (the primary pool) and those of `workerPools`.
         *
         *     `not-found`: The resource does not exist, or belongs to another tenant.
         */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.worker-pool-unknown" | "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.autoscaled`: The cluster's workers are scaled by Karpenter: change the karpenter addon's minWorkers/maxWorkers, or disable it to scale by hand.
         *
         *     `cluster.bundle-missing`: No BYOH bundle is published for the version and the hosts' OS and architecture; `bundle` names it: publish it first.
         *
         *     `cluster.insufficient-hosts`: The host group has too few free hosts (`freeHosts`, `neededHosts`); add hosts to the group or ask for fewer workers.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.autoscaled" | "cluster.bundle-missing" | "cluster.insufficient-hosts" | "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/upgrade": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Upgrade one minor version: the control plane first, then the workers (422 with the allowed targets, or naming a missing bundle); after a failed upgrade, retry it (same target) or abandon it (the current version) */
    post: {
      parameters: {
        query?: {
          /** @description true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            kubernetesVersion: string;
          };
        };
      };
      responses: {
        /** @description The plan (dryRun=true): nothing was changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterPlan"];
          };
        };
        /** @description Upgrading */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/template-move": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a cluster made from a template to another (newer) version of it: the version is rendered with the cluster's parameters and any given here, and the difference carried out by an upgrade, a scale and addon changes, one after the other. dryRun=true answers the difference and changes nothing; 422 when the difference is something no operation changes */
    post: {
      parameters: {
        query?: {
          /** @description true: answer the plan (200) — checks, hosts, machines, Kubernetes objects — and change nothing */
          dryRun?: "true" | "false";
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            version: string;
            /** @description values that replace the cluster's; the others are kept (or the new version's default, for a new parameter) */
            parameters?: {
              [key: string]: string | number | boolean;
            };
          };
        };
      };
      responses: {
        /** @description The plan (dryRun=true): nothing was changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["TemplateMovePlan"];
          };
        };
        /** @description Moving: the first operation started (or, with no operation, done) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["TemplateMovePlan"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /**
         * @description `cluster-template.move-unsupported`: The move would change what no operation changes on a running cluster (`fields`: e.g. network, provider cluster, host group, CNI): publish a version that keeps them.
         *
         *     `cluster-template.not-offered`: The template (or that version of it) is not offered to the project: GET …/projects/{project}/cluster-templates lists what is.
         *
         *     `cluster-template.parameter-invalid`: A parameter is missing, unknown, of the wrong type, not allowed or out of range; `errors[]` names each parameter.
         *
         *     `cluster-template.version-deprecated`: That version of the template is deprecated: new clusters (and moves) take a version that is not (`latest`).
         *
         *     `cluster.autoscaled`: The cluster's workers are scaled by Karpenter: change the karpenter addon's minWorkers/maxWorkers, or disable it to scale by hand.
         *
         *     `cluster.bundle-missing`: No BYOH bundle is published for the version and the hosts' OS and architecture; `bundle` names it: publish it first.
         *
         *     `cluster.insufficient-hosts`: The host group has too few free hosts (`freeHosts`, `neededHosts`); add hosts to the group or ask for fewer workers.
         *
         *     `cluster.not-from-template`: The cluster was not created from a template, so it has no template version to move.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "cluster-template.move-unsupported"
                | "cluster-template.not-offered"
                | "cluster-template.parameter-invalid"
                | "cluster-template.version-deprecated"
                | "cluster.autoscaled"
                | "cluster.bundle-missing"
                | "cluster.insufficient-hosts"
                | "cluster.not-from-template"
                | "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/encryption": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Turn etcd encryption on for a Ready cluster, or change its rotation interval, kept keys or resources (resources can be added, not removed; encryption cannot be turned off) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @default true */
            enabled?: boolean;
            /**
             * @description the resources encrypted at rest (secrets and configmaps by default)
             * @default [
             *       "secrets",
             *       "configmaps"
             *     ]
             */
            resources?: string[];
            /**
             * @description hours between key rotations (168 by default)
             * @default 168
             */
            rotationHours?: number;
            /**
             * @description how many keys are kept, the newest (8 by default): data written under a retired key could not be read
             * @default 8
             */
            keepKeys?: number;
          };
        };
      };
      responses: {
        /** @description The encryption settings and rotation state; the rotation machine takes it from here */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterEncryption"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.encryption-cannot-disable`: etcd encryption, once on, stays on: what is stored encrypted could not be read without the keys.
         *
         *     `cluster.encryption-resource-removed`: Resources can be added to the encrypted set, not removed: objects stored encrypted would no longer be readable. Send the current resources plus any new ones.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.encryption-cannot-disable" | "cluster.encryption-resource-removed";
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/encryption/rotate": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rotate the cluster's etcd encryption key now rather than when due; GET …/clusters/{id}/status follows it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Accepted: the next check starts the rotation */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterEncryption"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.encryption-not-enabled`: The cluster's etcd encryption is off: turn it on first (PUT …/clusters/{id}/encryption).
         *
         *     `cluster.encryption-rotation-in-progress`: A key rotation is under way (`encryption.phase` is not Idle): wait until GET …/clusters/{id}/status shows it Idle.
         *
         *     `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.encryption-not-enabled" | "cluster.encryption-rotation-in-progress" | "cluster.not-ready";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A cluster's addons: each one's version, state, conditions, values and when it was last checked */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cluster's addons */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["ClusterAddon"][];
            };
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/cilium": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure cilium on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run cilium or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_cilium"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.addon-not-applicable" | "cluster.addon-not-optional" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/calico": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure calico on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run calico or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_calico"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.addon-not-applicable" | "cluster.addon-not-optional" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/flannel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure flannel on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run flannel or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_flannel"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.addon-not-applicable" | "cluster.addon-not-optional" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/ceph-rbd-csi": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure ceph-rbd-csi on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run ceph-rbd-csi or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_ceph_rbd_csi"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.addon-not-applicable" | "cluster.addon-not-optional" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/velero": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure velero on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run velero or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_velero"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.addon-not-applicable" | "cluster.addon-not-optional" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/addons/karpenter": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure karpenter on a Ready cluster: starts the addons operation (phase Updating), which applies it and waits until it is healthy. 422 when the cluster does not run karpenter or it cannot be switched */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ClusterAddonChange_karpenter"];
        };
      };
      responses: {
        /** @description Updating (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Cluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster.not-ready`: The cluster is not Ready (an operation runs, or it failed): `phase` and `step` say where it is; wait, or retry the failed one.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster.not-ready" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `cluster.addon-not-applicable`: The addon is not one this cluster runs (e.g. another CNI than the cluster's); GET …/clusters/{id}/addons lists its addons.
         *
         *     `cluster.addon-not-optional`: Only optional addons (Velero) can be enabled or disabled after a cluster is created; the CNI and the storage plugin stay.
         *
         *     `cluster.autoscaling-bounds-invalid`: The karpenter addon's `minWorkers` is greater than its `maxWorkers`.
         *
         *     `cluster.autoscaling-not-supported`: Karpenter autoscaling is supported only for CCS VM host groups: the cluster's provider cluster (`providerType`) cannot make machines on demand.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "cluster.addon-not-applicable"
                | "cluster.addon-not-optional"
                | "cluster.autoscaling-bounds-invalid"
                | "cluster.autoscaling-not-supported"
                | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/backups": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the cluster's backups, asked for here or made by its schedules, as Velero reports them (by name) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of backups */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Back the cluster up now: Velero writes the backup to the named location of the project (or its default). The status starts Pending and follows Velero's */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            /** @description namespaces to back up; left out or ["*"], all */
            includedNamespaces?: string[];
            /** @description namespaces to leave out */
            excludedNamespaces?: string[];
            /** @description only objects whose labels match */
            labelSelector?: {
              matchLabels?: {
                [key: string]: string;
              };
              matchExpressions?: ({
                key: string;
                /** @enum {string} */
                operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                values?: string[];
              } & (
                | {
                    /** @enum {unknown} */
                    operator?: "In" | "NotIn";
                    values: unknown;
                  }
                | {
                    /** @enum {unknown} */
                    operator?: "Exists" | "DoesNotExist";
                    values?: unknown;
                  }
              ))[];
            };
            /**
             * @description how long Velero keeps the backup before it deletes it (a Go duration; 720h = 30 days)
             * @default 720h0m0s
             */
            ttl?: string;
            /** @description the project's backup location to write to; left out, the project's default location */
            location?: string;
          };
        };
      };
      responses: {
        /** @description Asked for */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Backup"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `backup.no-location`: The request names no backup location and the project has no default one; name a location, or make one the default.
         *
         *     `backup.velero-not-installed`: The cluster does not run Velero (enable the addon: PATCH …/clusters/{id}/addons/velero), has not yet had it Healthy since it was enabled, or is being deleted.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "backup.no-location" | "backup.velero-not-installed" | "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/backups/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a backup and what Velero reports of it */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The backup */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Backup"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/backup-schedules": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the cluster's backup schedules, with what Velero reports (phase, last backup) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of schedules */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupSchedulePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Schedule backups of the cluster: Velero makes one each time the cron (UTC) is due, unless the schedule is paused */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            /** @description when Velero backs up (cron, UTC) */
            schedule: string;
            /**
             * @description a paused schedule makes no backups
             * @default false
             */
            paused?: boolean;
            /**
             * @description Velero's skipImmediately: a backup that is due when the schedule starts (or is unpaused) is skipped
             * @default false
             */
            skipImmediately?: boolean;
            /** @description namespaces to back up; left out or ["*"], all */
            includedNamespaces?: string[];
            /** @description namespaces to leave out */
            excludedNamespaces?: string[];
            /** @description only objects whose labels match */
            labelSelector?: {
              matchLabels?: {
                [key: string]: string;
              };
              matchExpressions?: ({
                key: string;
                /** @enum {string} */
                operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                values?: string[];
              } & (
                | {
                    /** @enum {unknown} */
                    operator?: "In" | "NotIn";
                    values: unknown;
                  }
                | {
                    /** @enum {unknown} */
                    operator?: "Exists" | "DoesNotExist";
                    values?: unknown;
                  }
              ))[];
            };
            /**
             * @description how long Velero keeps the backup before it deletes it (a Go duration; 720h = 30 days)
             * @default 720h0m0s
             */
            ttl?: string;
            /** @description the project's backup location to write to; left out, the project's default location */
            location?: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupSchedule"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `backup.no-location`: The request names no backup location and the project has no default one; name a location, or make one the default.
         *
         *     `backup.velero-not-installed`: The cluster does not run Velero (enable the addon: PATCH …/clusters/{id}/addons/velero), has not yet had it Healthy since it was enabled, or is being deleted.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "backup.no-location" | "backup.velero-not-installed" | "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/backup-schedules/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a backup schedule */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The schedule */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupSchedule"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a schedule; the backups it made stay until their TTL */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a schedule: its cron, paused, what it backs up, the TTL. null removes an optional field */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description when Velero backs up (cron, UTC) */
            schedule?: string;
            paused?: boolean;
            includedNamespaces?: string[] | null;
            excludedNamespaces?: string[] | null;
            labelSelector?: {
              matchLabels?: {
                [key: string]: string;
              };
              matchExpressions?: ({
                key: string;
                /** @enum {string} */
                operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
                values?: string[];
              } & (
                | {
                    /** @enum {unknown} */
                    operator?: "In" | "NotIn";
                    values: unknown;
                  }
                | {
                    /** @enum {unknown} */
                    operator?: "Exists" | "DoesNotExist";
                    values?: unknown;
                  }
              ))[];
            } | null;
            ttl?: string;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupSchedule"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/restores": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the cluster's restores, with what Velero reports of each */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of restores */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RestorePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Restore one of the cluster's backups into it, optionally into other namespaces (namespaceMapping); what exists is left as it is */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            /** @description the backup to restore from: one of the cluster's (made on request or by a schedule) */
            backup: string;
            /** @description namespaces of the backup to restore; left out, all */
            includedNamespaces?: string[];
            excludedNamespaces?: string[];
            /** @description restore a namespace of the backup under another name: {from: to} */
            namespaceMapping?: {
              [key: string]: string;
            };
          };
        };
      };
      responses: {
        /** @description Asked for */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Restore"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `backup.velero-not-installed`: The cluster does not run Velero (enable the addon: PATCH …/clusters/{id}/addons/velero), has not yet had it Healthy since it was enabled, or is being deleted.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "backup.velero-not-installed" | "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
        /** @description `service-unavailable`: A dependency (a management cluster, a provider, storage) is unavailable for now; retry after `Retry-After` seconds. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "service-unavailable";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/restores/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a restore and what Velero reports of it */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The restore */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["Restore"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the cluster's node pools (by name), with what Karpenter reports of each */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of node pools */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["NodePoolPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a node pool: Karpenter may then add nodes of the kinds it allows, up to its limits. The cluster must run the karpenter addon; the pool reaches the cluster asynchronously (status Pending until it does) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description the pool's name, and that of its NodePool and ClusterAPINodeClass in the cluster */
            name: string;
            /**
             * @description what kind of machines Karpenter may add; every field left out allows any
             * @default {}
             */
            requirements?: {
              /** @description CPU architectures Karpenter may launch (kubernetes.io/arch); left out, any the flavours offer */
              architectures?: ("amd64" | "arm64")[];
              /** @description instance flavours Karpenter may launch (node.kubernetes.io/instance-type); left out, any */
              flavors?: string[];
              /** @description availability zones Karpenter may launch into (topology.kubernetes.io/zone); left out, any */
              zones?: string[];
            };
            /** @description labels of the nodes Karpenter launches; keys in karpenter.sh, kubernetes.io, k8s.io (but node.kubernetes.io and node-restriction.kubernetes.io) and ckp.io are the system's and refused */
            labels?: {
              [key: string]: string;
            };
            /** @description taints of the nodes Karpenter launches: only pods that tolerate them run there */
            taints?: {
              key: string;
              value?: string;
              /** @enum {string} */
              effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
            }[];
            /** @description Karpenter launches no node that would take the pool's nodes over a limit */
            limits: {
              /** @description the most CPU all the pool's nodes may have together (limits.cpu), e.g. 16 or 8000m */
              cpu: string;
              /** @description the most memory all the pool's nodes may have together (limits.memory), e.g. 64Gi */
              memory?: string;
            };
            /**
             * @description when Karpenter takes nodes away again
             * @default {
             *       "consolidationPolicy": "WhenEmptyOrUnderutilized",
             *       "consolidateAfter": "5m"
             *     }
             */
            disruption?: {
              /**
               * @description which nodes Karpenter may remove: only empty ones, or also underutilised ones whose pods fit elsewhere
               * @default WhenEmptyOrUnderutilized
               * @enum {string}
               */
              consolidationPolicy?: "WhenEmpty" | "WhenEmptyOrUnderutilized";
              /**
               * @description how long a node must have been removable before Karpenter removes it; Never: it never consolidates
               * @default 5m
               */
              consolidateAfter?: string;
            };
            /** @description Karpenter tries pools of a higher weight first; left out, the lowest (0) */
            weight?: number;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["NodePool"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `node-pool.autoscaling-disabled`: The cluster does not run Karpenter: enable the karpenter addon first (PATCH …/clusters/{id}/addons/karpenter), then create or change its node pools.
         *
         *     `node-pool.label-restricted`: A node label key is in a domain the system sets (karpenter.sh, kubernetes.io and k8s.io but node.kubernetes.io and node-restriction.kubernetes.io, ckp.io); `errors[]` names each key: choose another key.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "node-pool.autoscaling-disabled" | "node-pool.label-restricted" | "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/clusters/{id}/node-pools/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a node pool and what Karpenter reports of it: its NodeClaims, nodes, resources in use, whether a limit is reached */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The node pool */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["NodePool"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a node pool: its NodePool and node class leave the cluster, and Karpenter drains and removes the pool's nodes */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a node pool: each field given replaces the stored one whole (null removes weight). Karpenter replaces nodes that no longer fit (drift) */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description what kind of machines Karpenter may add; every field left out allows any */
            requirements?: {
              /** @description CPU architectures Karpenter may launch (kubernetes.io/arch); left out, any the flavours offer */
              architectures?: ("amd64" | "arm64")[];
              /** @description instance flavours Karpenter may launch (node.kubernetes.io/instance-type); left out, any */
              flavors?: string[];
              /** @description availability zones Karpenter may launch into (topology.kubernetes.io/zone); left out, any */
              zones?: string[];
            };
            /** @description labels of the nodes Karpenter launches; keys in karpenter.sh, kubernetes.io, k8s.io (but node.kubernetes.io and node-restriction.kubernetes.io) and ckp.io are the system's and refused */
            labels?: {
              [key: string]: string;
            };
            /** @description taints of the nodes Karpenter launches: only pods that tolerate them run there */
            taints?: {
              key: string;
              value?: string;
              /** @enum {string} */
              effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
            }[];
            /** @description Karpenter launches no node that would take the pool's nodes over a limit */
            limits?: {
              /** @description the most CPU all the pool's nodes may have together (limits.cpu), e.g. 16 or 8000m */
              cpu: string;
              /** @description the most memory all the pool's nodes may have together (limits.memory), e.g. 64Gi */
              memory?: string;
            };
            /** @description when Karpenter takes nodes away again */
            disruption?: {
              /**
               * @description which nodes Karpenter may remove: only empty ones, or also underutilised ones whose pods fit elsewhere
               * @default WhenEmptyOrUnderutilized
               * @enum {string}
               */
              consolidationPolicy?: "WhenEmpty" | "WhenEmptyOrUnderutilized";
              /**
               * @description how long a node must have been removable before Karpenter removes it; Never: it never consolidates
               * @default 5m
               */
              consolidateAfter?: string;
            };
            /** @description Karpenter tries pools of a higher weight first; left out, the lowest (0) */
            weight?: number | null;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["NodePool"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `node-pool.autoscaling-disabled`: The cluster does not run Karpenter: enable the karpenter addon first (PATCH …/clusters/{id}/addons/karpenter), then create or change its node pools.
         *
         *     `node-pool.label-restricted`: A node label key is in a domain the system sets (karpenter.sh, kubernetes.io and k8s.io but node.kubernetes.io and node-restriction.kubernetes.io, ckp.io); `errors[]` names each key: choose another key.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "node-pool.autoscaling-disabled" | "node-pool.label-restricted" | "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/addons": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The addon catalog: each addon's versions per Kubernetes minor, chart, namespace, values schema and health checks */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The catalog */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["AddonCatalogEntry"][];
            };
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/storage-profiles/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a storage profile, without its key (domain roles; not project-scoped tokens) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The profile */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["StorageProfile"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    /** Create or replace a storage profile (platform-admin). userKey is required when creating; a replace without it keeps the stored key. default: true makes it the domain's default */
    put: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string;
            /** @description the Ceph cluster's id (its fsid), as Ceph CSI names it in its configuration */
            cephClusterId: string;
            monitors: string[];
            /** @description the RBD pool volumes are created in */
            pool: string;
            /** @description the Ceph user (without the client. prefix) Ceph CSI authenticates as */
            userId: string;
            /** @description the Ceph user's key. Write-only: never returned. Required when the profile is created; left out, a replace keeps it. */
            userKey?: string;
            /**
             * @description clusters of the domain that name no profile use this one
             * @default false
             */
            default?: boolean;
          };
        };
      };
      responses: {
        /** @description Replaced */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["StorageProfile"];
          };
        };
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["StorageProfile"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    post?: never;
    /** Delete a storage profile (platform-admin); 409 storage-profile.in-use while clusters use it */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/storage-profiles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the domain's storage profiles, without their keys (domain roles; not project-scoped tokens) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of profiles */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["StorageProfilePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/cluster-templates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the domain's cluster templates, with their versions and offering (domain roles) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of templates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplatePage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /** Publish a version of a cluster template (domain-admin): a new name creates the template. The spec is checked by rendering it; a published version never changes (409) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            version: string;
            description?: string;
            /** @default [] */
            parameters?: {
              name: string;
              /** @enum {string} */
              type: "string" | "integer" | "boolean";
              description?: string;
              /** @description used when the cluster's request leaves the parameter out; without one the parameter is required */
              default?: string | number | boolean;
              /** @description the only values the parameter may take */
              allowed?: (string | number | boolean)[];
              /** @description integers only: the smallest value */
              minimum?: number;
              /** @description integers only: the largest value */
              maximum?: number;
            }[];
            /** @description POST …/clusters without name; values may be placeholders {{ parameter }} */
            spec: {
              [key: string]: unknown;
            };
            /** @description who may create clusters from the template; set on the template (all its versions), kept when omitted */
            offeredTo?: {
              /** @default false */
              allProjects?: boolean;
              /** @default [] */
              projects?: string[];
            };
          };
        };
      };
      responses: {
        /** @description Published */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplateVersion"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `cluster-template.version-exists`: That version of the template is published, and a published version never changes: publish a new version.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster-template.version-exists" | "conflict";
            };
          };
        };
        /**
         * @description `cluster-template.invalid`: The template's parameters or spec do not hold together: a default or allowed value that does not fit its parameter, a placeholder naming no parameter, or a spec that renders no valid cluster; `errors[]` names each.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "cluster-template.invalid" | "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/cluster-templates/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a cluster template: its offering and versions (domain roles) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The template */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change which projects may use a template, or its description (domain-admin); its versions never change */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string;
            offeredTo?: {
              /** @default false */
              allProjects?: boolean;
              /** @default [] */
              projects?: string[];
            };
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplate"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/cluster-templates/{name}/versions/{version}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get one version of a cluster template: its parameters and spec (domain roles) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
          version: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The version */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplateVersion"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Deprecate a version, or offer it again (domain-admin): clusters made from it keep it; new clusters cannot take it. The only change a version takes */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
          version: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description a deprecated version stays with the clusters made from it, and is offered to no new cluster */
            deprecated: boolean;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplateVersion"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/cluster-templates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The cluster templates offered to the project, each with a version that is not deprecated (project roles) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The templates */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["OfferedClusterTemplates"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/cluster-templates/{name}/versions/{version}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A version of a template offered to the project: the parameters to fill in (project roles) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          name: string;
          version: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The version */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterTemplateVersion"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/backup-locations": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the project's backup locations, without their keys */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of locations */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupLocationPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /** Create a backup location: the bucket is reached with the keys (a probe object written and removed under the prefix) before it is stored; no other project may hold the bucket and prefix */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            description?: string;
            /**
             * @description `aws`: S3 or an S3-compatible store
             * @default aws
             * @enum {string}
             */
            provider?: "aws";
            bucket: string;
            /** @description the key prefix Velero writes under; left out, the whole bucket */
            prefix?: string;
            /** @default us-east-1 */
            region?: string;
            /** @description the S3 API's URL for an S3-compatible store (MinIO, Ceph RGW, …); left out, AWS S3 in `region` */
            endpoint?: string;
            /**
             * @description path-style addressing (most S3-compatible stores need it)
             * @default false
             */
            s3ForcePathStyle?: boolean;
            /** @description PEM certificates to trust for an endpoint whose certificate a private CA signed */
            caBundle?: string;
            /** @description the keys Velero and the control plane's check use. Write-only: never returned. */
            credentials: {
              accessKeyId: string;
              secretAccessKey: string;
            };
            /**
             * @description backups of the project that name no location use this one
             * @default false
             */
            default?: boolean;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupLocation"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `already-exists`: A resource of that name already exists here; choose another name.
         *
         *     `backup-location.bucket-taken`: Another project's location uses the bucket with the same prefix, one inside it or around it (which project is never said); choose another bucket or prefix.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "already-exists" | "backup-location.bucket-taken" | "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `backup-location.access-denied`: The store refused the keys (`reason`); check the access key and its permission to write and delete under the prefix.
         *
         *     `backup-location.bucket-missing`: The bucket does not exist at that endpoint; create it first.
         *
         *     `backup-location.endpoint-not-allowed`: This installation does not let backup locations use that S3 endpoint (`allowedHosts` lists the hosts it does).
         *
         *     `backup-location.unreachable`: The control plane could not reach the S3 endpoint (`reason`: refused, timed out, name unknown, certificate not trusted); fix the endpoint or the CA bundle.
         *
         *     `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "backup-location.access-denied"
                | "backup-location.bucket-missing"
                | "backup-location.endpoint-not-allowed"
                | "backup-location.unreachable"
                | "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/backup-locations/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a backup location, without its keys */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The location */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupLocation"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a backup location (what Velero wrote in the bucket stays) */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a backup location; a new bucket, prefix, endpoint, region, addressing, CA bundle or keys is checked against the bucket again before it is stored. null removes an optional field */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          /** @description a DNS-1123 label */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            description?: string | null;
            bucket?: string;
            /** @description the key prefix Velero writes under; left out, the whole bucket */
            prefix?: string | null;
            region?: string;
            /** @description the S3 API's URL for an S3-compatible store (MinIO, Ceph RGW, …); left out, AWS S3 in `region` */
            endpoint?: string | null;
            s3ForcePathStyle?: boolean;
            /** @description PEM certificates to trust for an endpoint whose certificate a private CA signed */
            caBundle?: string | null;
            /** @description the keys Velero and the control plane's check use. Write-only: never returned. */
            credentials?: {
              accessKeyId: string;
              secretAccessKey: string;
            };
            default?: boolean;
          };
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["BackupLocation"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `backup-location.bucket-taken`: Another project's location uses the bucket with the same prefix, one inside it or around it (which project is never said); choose another bucket or prefix.
         *
         *     `conflict`: The request conflicts with the resource's current state; read it again and retry.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "backup-location.bucket-taken" | "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `backup-location.access-denied`: The store refused the keys (`reason`); check the access key and its permission to write and delete under the prefix.
         *
         *     `backup-location.bucket-missing`: The bucket does not exist at that endpoint; create it first.
         *
         *     `backup-location.endpoint-not-allowed`: This installation does not let backup locations use that S3 endpoint (`allowedHosts` lists the hosts it does).
         *
         *     `backup-location.unreachable`: The control plane could not reach the S3 endpoint (`reason`: refused, timed out, name unknown, certificate not trusted); fix the endpoint or the CA bundle.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?:
                | "backup-location.access-denied"
                | "backup-location.bucket-missing"
                | "backup-location.endpoint-not-allowed"
                | "backup-location.unreachable";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/auth/config": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * How to sign in: the identity providers' issuers, client ids and scopes (public)
     * @description The console runs the authorization-code flow with PKCE and ckpctl the device flow against one of these, then sends the token `bearer` names as `Authorization: Bearer`. With `domain`, that domain's own identity providers are listed after the platform's.
     */
    get: {
      parameters: {
        query?: {
          domain?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Sign-in options */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["SignInConfig"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/auth/token": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The console's token requests to the identity provider: a sign-in code (PKCE) or a refresh token (public)
     * @description Sends the authorization code with its PKCE verifier, or a refresh token, to the IdP's token endpoint as the IdP's public client (no secret exists) and answers its tokens; nothing is kept. The console's content security policy allows requests to its own origin only, so it asks here rather than at the IdP. The IdP's refusal is a 400 `auth.sign-in-refused` with its OAuth `error`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["SignInTokenRequest"];
        };
      };
      responses: {
        /** @description The IdP's tokens */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["SignInTokens"];
          };
        };
        /**
         * @description `auth.sign-in-refused`: The identity provider refused the sign-in code or refresh token the console sent (`error` is its OAuth error, e.g. `invalid_grant`: used, expired or for another client). Sign in again.
         *
         *     `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field.
         */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "auth.sign-in-refused" | "invalid-request";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
        /** @description `auth.idp-unavailable`: The identity provider's discovery document or keys cannot be fetched right now; retry after `Retry-After` seconds. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "auth.idp-unavailable";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/identity-providers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List identity providers (platform-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of identity providers */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProviderPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /** Configure an OpenID Connect identity provider (platform-admin); its discovery document must be reachable */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            displayName?: string;
            /** @description the issuer exactly as the IdP's tokens state it in `iss` (https; http only on a loopback host) */
            issuer: string;
            /** @description the OAuth client the console and ckpctl sign in as (a public client: PKCE, no secret) */
            clientId: string;
            /** @description `aud` values a token may carry (one must match); default: [clientId], plus `resource` when set */
            audiences?: string[];
            /** @description the API's resource indicator / audience clients ask access tokens for (RFC 8707), when bearer is access_token */
            resource?: string;
            /**
             * @description which token of a sign-in clients send as the bearer: the ID token (audience = clientId) or an access token for `resource`
             * @default id_token
             * @enum {string}
             */
            bearer?: "id_token" | "access_token";
            /**
             * @description scopes clients request at sign-in; include what makes the IdP put groups into tokens (e.g. `groups`)
             * @default [
             *       "openid",
             *       "profile",
             *       "email"
             *     ]
             */
            scopes?: string[];
            /** @default {} */
            claims?: {
              /**
               * @description the claim naming the user: what user role bindings match and the audit trail shows
               * @default sub
               */
              user?: string;
              /**
               * @description the claim carrying the user's groups (an array of strings, or one string)
               * @default groups
               */
              groups?: string;
              /**
               * @description the person's display name, for the audit trail
               * @default name
               */
              name?: string;
              /**
               * @description the person's e-mail, for the audit trail
               * @default email
               */
              email?: string;
            };
            /**
             * @description leeway for `exp` and `nbf`
             * @default 30
             */
            clockSkewSeconds?: number;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/identity-providers/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an identity provider (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The identity provider */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete an identity provider no role binding names (platform-admin); its tokens stop working at once */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change an identity provider (platform-admin); tokens are checked against the new settings from the next request */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            displayName?: string;
            /** @description the issuer exactly as the IdP's tokens state it in `iss` (https; http only on a loopback host) */
            issuer?: string;
            /** @description the OAuth client the console and ckpctl sign in as (a public client: PKCE, no secret) */
            clientId?: string;
            /** @description `aud` values a token may carry (one must match); default: [clientId], plus `resource` when set */
            audiences?: string[];
            /** @description the API's resource indicator / audience clients ask access tokens for (RFC 8707), when bearer is access_token */
            resource?: string;
            /**
             * @description which token of a sign-in clients send as the bearer: the ID token (audience = clientId) or an access token for `resource`
             * @enum {string}
             */
            bearer?: "id_token" | "access_token";
            scopes?: string[];
            claims?: {
              /**
               * @description the claim naming the user: what user role bindings match and the audit trail shows
               * @default sub
               */
              user?: string;
              /**
               * @description the claim carrying the user's groups (an array of strings, or one string)
               * @default groups
               */
              groups?: string;
              /**
               * @description the person's display name, for the audit trail
               * @default name
               */
              name?: string;
              /**
               * @description the person's e-mail, for the audit trail
               * @default email
               */
              email?: string;
            };
            clockSkewSeconds?: number;
          };
        };
      };
      responses: {
        /** @description The identity provider */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/identity-providers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List identity providers (domain-admin) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of identity providers */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProviderPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /** Configure an OpenID Connect identity provider (domain-admin); its discovery document must be reachable */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            displayName?: string;
            /** @description the issuer exactly as the IdP's tokens state it in `iss` (https; http only on a loopback host) */
            issuer: string;
            /** @description the OAuth client the console and ckpctl sign in as (a public client: PKCE, no secret) */
            clientId: string;
            /** @description `aud` values a token may carry (one must match); default: [clientId], plus `resource` when set */
            audiences?: string[];
            /** @description the API's resource indicator / audience clients ask access tokens for (RFC 8707), when bearer is access_token */
            resource?: string;
            /**
             * @description which token of a sign-in clients send as the bearer: the ID token (audience = clientId) or an access token for `resource`
             * @default id_token
             * @enum {string}
             */
            bearer?: "id_token" | "access_token";
            /**
             * @description scopes clients request at sign-in; include what makes the IdP put groups into tokens (e.g. `groups`)
             * @default [
             *       "openid",
             *       "profile",
             *       "email"
             *     ]
             */
            scopes?: string[];
            /** @default {} */
            claims?: {
              /**
               * @description the claim naming the user: what user role bindings match and the audit trail shows
               * @default sub
               */
              user?: string;
              /**
               * @description the claim carrying the user's groups (an array of strings, or one string)
               * @default groups
               */
              groups?: string;
              /**
               * @description the person's display name, for the audit trail
               * @default name
               */
              name?: string;
              /**
               * @description the person's e-mail, for the audit trail
               * @default email
               */
              email?: string;
            };
            /**
             * @description leeway for `exp` and `nbf`
             * @default 30
             */
            clockSkewSeconds?: number;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/identity-providers/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an identity provider (domain-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The identity provider */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete an identity provider no role binding names (domain-admin); its tokens stop working at once */
    delete: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change an identity provider (domain-admin); tokens are checked against the new settings from the next request */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            displayName?: string;
            /** @description the issuer exactly as the IdP's tokens state it in `iss` (https; http only on a loopback host) */
            issuer?: string;
            /** @description the OAuth client the console and ckpctl sign in as (a public client: PKCE, no secret) */
            clientId?: string;
            /** @description `aud` values a token may carry (one must match); default: [clientId], plus `resource` when set */
            audiences?: string[];
            /** @description the API's resource indicator / audience clients ask access tokens for (RFC 8707), when bearer is access_token */
            resource?: string;
            /**
             * @description which token of a sign-in clients send as the bearer: the ID token (audience = clientId) or an access token for `resource`
             * @enum {string}
             */
            bearer?: "id_token" | "access_token";
            scopes?: string[];
            claims?: {
              /**
               * @description the claim naming the user: what user role bindings match and the audit trail shows
               * @default sub
               */
              user?: string;
              /**
               * @description the claim carrying the user's groups (an array of strings, or one string)
               * @default groups
               */
              groups?: string;
              /**
               * @description the person's display name, for the audit trail
               * @default name
               */
              name?: string;
              /**
               * @description the person's e-mail, for the audit trail
               * @default email
               */
              email?: string;
            };
            clockSkewSeconds?: number;
          };
        };
      };
      responses: {
        /** @description The identity provider */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["IdentityProvider"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/role-bindings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the role bindings at the platform (platform-admin); filter by identityProvider, group or user */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          identityProvider?: string;
          group?: string;
          user?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of role bindings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBindingPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Bind an identity provider's group or user to a role at the platform (platform-admin)
     * @description Give exactly one of `group` and `user`. The role must fit the scope (platform-admin at the platform, domain-admin at a domain, project roles at a project, viewer at a domain or project) and be no more than the caller holds there. A domain's identity provider binds only inside that domain.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description `<name>` of a platform IdP, or `<domain>/<name>` of this domain's IdP */
            identityProvider: string;
            /** @description an IdP group, as the groups claim states it */
            group?: string;
            /** @description one user, as the IdP's user claim states it */
            user?: string;
            /** @enum {string} */
            role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
          } & (unknown | unknown);
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/role-bindings/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a role binding at the platform (platform-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The role binding */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Remove a role binding at the platform (platform-admin); its holders lose the role on their next request */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/role-bindings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the role bindings at the domain (domain-admin); filter by identityProvider, group or user */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          identityProvider?: string;
          group?: string;
          user?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of role bindings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBindingPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Bind an identity provider's group or user to a role at the domain (domain-admin)
     * @description Give exactly one of `group` and `user`. The role must fit the scope (platform-admin at the platform, domain-admin at a domain, project roles at a project, viewer at a domain or project) and be no more than the caller holds there. A domain's identity provider binds only inside that domain.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description `<name>` of a platform IdP, or `<domain>/<name>` of this domain's IdP */
            identityProvider: string;
            /** @description an IdP group, as the groups claim states it */
            group?: string;
            /** @description one user, as the IdP's user claim states it */
            user?: string;
            /** @enum {string} */
            role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
          } & (unknown | unknown);
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/role-bindings/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a role binding at the domain (domain-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The role binding */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Remove a role binding at the domain (domain-admin); its holders lose the role on their next request */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/role-bindings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the role bindings at the project (project-admin); filter by identityProvider, group or user */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
          identityProvider?: string;
          group?: string;
          user?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of role bindings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBindingPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Bind an identity provider's group or user to a role at the project (project-admin)
     * @description Give exactly one of `group` and `user`. The role must fit the scope (platform-admin at the platform, domain-admin at a domain, project roles at a project, viewer at a domain or project) and be no more than the caller holds there. A domain's identity provider binds only inside that domain.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description `<name>` of a platform IdP, or `<domain>/<name>` of this domain's IdP */
            identityProvider: string;
            /** @description an IdP group, as the groups claim states it */
            group?: string;
            /** @description one user, as the IdP's user claim states it */
            user?: string;
            /** @enum {string} */
            role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
          } & (unknown | unknown);
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/role-bindings/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a role binding at the project (project-admin) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The role binding */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["RoleBinding"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Remove a role binding at the project (project-admin); its holders lose the role on their next request */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the project's imported clusters (GET …/clusters lists them with the CAPI clusters) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description the nextCursor of the previous page of this same list (opaque; another list's cursor is refused) */
          cursor?: string;
        };
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of imported clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ImportedClusterPage"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    /** Import a cluster (with a kubeconfig, checked by reaching it) or register one (without: a token and the agent manifest) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            description?: string;
            labels?: {
              [key: string]: string;
            };
            /** @description import: a kubeconfig (YAML, inline credentials) the control plane reaches the cluster with; stored encrypted, never returned. Without it the cluster is registered: the answer carries a registration token and the agent manifest. */
            kubeconfig?: string;
            /** @description register: how long the registration token can be used (default 24 h) */
            tokenTtlSeconds?: number;
          };
        };
      };
      responses: {
        /** @description Imported, or registered and waiting for its agent */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ImportedClusterCreated"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An imported cluster, with its Kubernetes version, nodes and health read through its connection now */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cluster; live.reachable false when it cannot be read */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ImportedClusterWithLiveState"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Detach an imported cluster: its agent's access ends and the record goes; the cluster itself is not touched */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Detached */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/addons/{name}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Enable, disable or reconfigure Velero on an imported cluster: recorded, then applied there as a Helm installer Job (docs/addons.md); GET …/imported-clusters/{id} shows addons.velero's phase and conditions. Any other addon: 422 */
    patch: {
      parameters: {
        query?: never;
        header?: {
          /** @description ETag from a previous read; the write fails with 412 if the resource changed */
          "if-match"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          /** @description velero: the only addon an imported cluster takes */
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": components["schemas"]["ImportedClusterAddonChange"];
        };
      };
      responses: {
        /** @description Recorded and being applied (or unchanged, when the change changes nothing) */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ImportedCluster"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `precondition-failed`: If-Match does not match the resource's current ETag: someone changed it; read it again. */
        412: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "precondition-failed";
            };
          };
        };
        /**
         * @description `imported-cluster.addon-not-supported`: The addon cannot be enabled on an imported cluster: only Velero can (`detail.addons` lists what can); the CNI and storage of an imported cluster are its own.
         *
         *     `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "imported-cluster.addon-not-supported" | "unprocessable-request";
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A registered cluster's agent: its tunnel's state and its registration tokens */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The agent's state */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterAgentStatus"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent-tokens": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new registration token for a registered cluster's agent, with its manifest */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description how long the token can be used (default 24 h) */
            ttlSeconds?: number;
          };
        };
      };
      responses: {
        /** @description The token and manifest */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterAgentInstall"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/domains/{domain}/projects/{project}/imported-clusters/{id}/agent-tokens/{tokenId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a registration token: it can no longer register an agent */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description a DNS-1123 label */
          domain: string;
          /** @description a DNS-1123 label */
          project: string;
          id: string;
          tokenId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/cluster-agent/register": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register a cluster agent: a one-time registration token and a CSR buy a client certificate for its cluster
     * @description The token (from registering a remote management cluster or an imported cluster, or from …/agent-tokens) is bound to one cluster, expires, and is spent by the first registration that uses it: a replay answers 401 cluster-agent.token-refused.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description the registration token (ckpreg_…) */
            token: string;
            /** @description PEM PKCS#10 request for the agent's RSA key (2048 bits or more) */
            csr: string;
            version?: string;
          };
        };
      };
      responses: {
        /** @description Registered: the certificate */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ClusterAgentRegistration"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/cluster-agent/ws-ticket": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A single-use ticket (60 s) to open the cluster agent's tunnel on the agent WebSocket
     * @description takeover (default true) replaces the agent of the same cluster that holds the tunnel; with takeover false the answer is 409 cluster-agent.tunnel-held while another agent holds it.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description true (default): this agent replaces whichever agent of the cluster holds the tunnel; false: only if none does (an agent that was superseded stands by this way) */
            takeover?: boolean;
            /** @description the agent's build, shown in the tunnel's state */
            version?: string;
          };
        };
      };
      responses: {
        /** @description The ticket and where to use it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["TunnelTicket"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description No WebSocket endpoint */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/package-keys": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Trusted package-signing keys, active and retired (platform) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Every key, oldest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["PackageKey"][];
            };
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Trust an OpenPGP public key for BYOH package signatures (platform-admin)
     * @description publicKey is an armored OpenPGP public key (not a private one, not revoked or expired). Agents installing a BYOH bundle's packages accept a package only with a detached signature (`<file>.asc`) made by an active key and a Maintainer field naming Coredge.io.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description the armored OpenPGP public key */
            publicKey: string;
            /** @description what the key is for, e.g. release signing 2026 */
            comment?: string;
          };
        };
      };
      responses: {
        /** @description Added */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["PackageKey"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         *
         *     `package-key.exists`: A key with this fingerprint was already added (active or retired); a retired key cannot be added again.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress" | "package-key.exists";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /**
         * @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request.
         *
         *     `package-key.invalid`: publicKey is not a usable OpenPGP public key (unreadable, a private key, revoked or expired); `detail` says which.
         */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused" | "package-key.invalid";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/package-keys/{fingerprint}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One package-signing key (platform) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          fingerprint: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The key */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["PackageKey"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/package-keys/{fingerprint}/retire": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retire a package-signing key (platform-admin): agents stop trusting it; retiring a retired key changes nothing */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Repeat a POST safely: the same key and body return the first response */
          "idempotency-key"?: string;
        };
        path: {
          fingerprint: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Retired */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["PackageKey"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /**
         * @description `conflict`: The request conflicts with the resource's current state; read it again and retry.
         *
         *     `idempotency.in-progress`: A request with this `Idempotency-Key` is still running; retry after it finished to get its answer.
         */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict" | "idempotency.in-progress";
            };
          };
        };
        /** @description `idempotency.key-reused`: This `Idempotency-Key` was used with another body or query string; use a new key for a new request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "idempotency.key-reused";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/kubernetes-versions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Supported Kubernetes versions with their component versions and allowed upgrade targets */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The compatibility matrix */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["KubernetesRelease"][];
            };
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/byoh-bundles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Published BYOH bundle manifests, per Kubernetes version and OS */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Every published manifest */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: components["schemas"]["ByohBundle"][];
            };
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/byoh-bundles/{version}/{os}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One bundle manifest */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          version: "v1.29.0" | "v1.30.6" | "v1.31.2" | "v1.32.11" | "v1.33.7" | "v1.34.3" | "v1.35.1";
          os: "ubuntu-20.04" | "rhel-9";
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The manifest */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ByohBundle"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    /** Publish (or replace) the bundle manifest for a Kubernetes version and OS (platform-admin) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          version: "v1.29.0" | "v1.30.6" | "v1.31.2" | "v1.32.11" | "v1.33.7" | "v1.34.3" | "v1.35.1";
          os: "ubuntu-20.04" | "rhel-9";
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description the registry path BYOH looks bundles up under (bundleRepo) */
            repository: string;
            /** @description the bundle image, e.g. docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:v1.31.2 */
            ociReference: string;
            digest: string;
            /**
             * @default [
             *       "amd64"
             *     ]
             */
            architectures?: ("amd64" | "arm64")[];
            /** @description package → version, e.g. kubeadm: 1.31.2-ckp */
            packages: {
              [key: string]: string;
            };
          };
        };
      };
      responses: {
        /** @description Published */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": components["schemas"]["ByohBundle"];
          };
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `payload-too-large`: The request body is larger than the API accepts. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "payload-too-large";
            };
          };
        };
        /** @description `unsupported-media-type`: The request body must be application/json. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unsupported-media-type";
            };
          };
        };
        /** @description `unprocessable-request`: The request is well-formed but cannot be carried out; `detail` says why. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "unprocessable-request";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    post?: never;
    /** Withdraw a bundle manifest (platform-admin); clusters needing it then fail with BundleNotFound */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          version: "v1.29.0" | "v1.30.6" | "v1.31.2" | "v1.32.11" | "v1.33.7" | "v1.34.3" | "v1.35.1";
          os: "ubuntu-20.04" | "rhel-9";
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Withdrawn */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description `invalid-request`: The request is malformed or a field fails validation; `errors[]` names each field. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "invalid-request";
            };
          };
        };
        /** @description `authentication-required`: No valid credential: a missing, unknown, expired or revoked token. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "authentication-required";
            };
          };
        };
        /** @description `forbidden`: The caller's role does not allow this action in this scope. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "forbidden";
            };
          };
        };
        /** @description `not-found`: The resource does not exist, or belongs to another tenant. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "not-found";
            };
          };
        };
        /** @description `conflict`: The request conflicts with the resource's current state; read it again and retry. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "conflict";
            };
          };
        };
        /** @description `internal-error`: A fault of the control plane; it has been logged with the request id. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/problem+json": components["schemas"]["Problem"] & {
              /** @enum {unknown} */
              code?: "internal-error";
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description JSON a DynamoDB item can hold as sent: numbers within ±9007199254740991 and not closer to 0 than 1e-130 (send other numbers as strings), no empty object keys */
    StorableValue:
      | string
      | boolean
      | null
      | 0
      | number
      | components["schemas"]["StorableValue"][]
      | {
          [key: string]: components["schemas"]["StorableValue"];
        };
    /** @description RFC 9457 problem details */
    Problem: {
      /** @description https://ckp.coredge.io/problems/<code> */
      type: string;
      /**
       * @description stable code of the problem; clients branch on it (also the last segment of type)
       * @enum {string}
       */
      code:
        | "invalid-request"
        | "authentication-required"
        | "forbidden"
        | "not-found"
        | "conflict"
        | "precondition-failed"
        | "unprocessable-request"
        | "too-many-requests"
        | "payload-too-large"
        | "service-unavailable"
        | "cluster.name-taken"
        | "cluster.encryption-not-enabled"
        | "cluster.encryption-rotation-in-progress"
        | "cluster.encryption-cannot-disable"
        | "cluster.encryption-resource-removed"
        | "cluster.not-ready"
        | "cluster.kubeconfig-unavailable"
        | "cluster.version-unsupported"
        | "cluster.upgrade-not-allowed"
        | "cluster.bundle-missing"
        | "cluster.insufficient-hosts"
        | "cluster.worker-pool-invalid"
        | "cluster.worker-pool-unknown"
        | "cluster.storage-profile-missing"
        | "cluster.autoscaling-not-supported"
        | "cluster.registry-invalid"
        | "cluster.autoscaling-bounds-invalid"
        | "cluster.autoscaled"
        | "cluster.addon-not-applicable"
        | "cluster.addon-not-optional"
        | "cluster-template.invalid"
        | "cluster-template.version-exists"
        | "cluster-template.not-offered"
        | "cluster-template.version-deprecated"
        | "cluster-template.parameter-invalid"
        | "cluster.template-required"
        | "cluster.not-from-template"
        | "cluster-template.move-unsupported"
        | "storage-profile.in-use"
        | "backup-location.bucket-taken"
        | "backup-location.endpoint-not-allowed"
        | "backup-location.unreachable"
        | "backup-location.access-denied"
        | "backup-location.bucket-missing"
        | "backup.velero-not-installed"
        | "backup.no-location"
        | "node-pool.autoscaling-disabled"
        | "node-pool.label-restricted"
        | "machinehost.machine-known"
        | "machinehost.not-approved"
        | "machinehost.provider-cluster-unknown"
        | "machinehost.agent-release-missing"
        | "machinehost.request-id-reused"
        | "auth.token-malformed"
        | "auth.issuer-unknown"
        | "auth.signature-invalid"
        | "auth.token-expired"
        | "auth.token-not-yet-valid"
        | "auth.audience-mismatch"
        | "auth.claim-invalid"
        | "auth.idp-unavailable"
        | "auth.sign-in-refused"
        | "identity-provider.discovery-failed"
        | "identity-provider.in-use"
        | "role-binding.identity-provider-unknown"
        | "role-binding.exists"
        | "role-binding.limit-reached"
        | "cluster-agent.token-refused"
        | "cluster-agent.certificate-refused"
        | "cluster-agent.tunnel-held"
        | "tunnel.disconnected"
        | "imported-cluster.unreachable"
        | "imported-cluster.addon-not-supported"
        | "already-exists"
        | "idempotency.in-progress"
        | "idempotency.key-reused"
        | "client-certificate.refused"
        | "registration.proof-invalid"
        | "registration.timestamp-skewed"
        | "registration.nonce-reused"
        | "registration.key-mismatch"
        | "registration.key-required"
        | "registration.interrupted"
        | "registration.throttled"
        | "agent.ticket-invalid"
        | "agent.websocket-unavailable"
        | "package-key.invalid"
        | "package-key.exists"
        | "agent-release.artifact-missing"
        | "host.assigned"
        | "host.in-another-group"
        | "host.provisioning-failed"
        | "host.preflight-failed"
        | "project.approval-conflict"
        | "hostrequest.decided"
        | "hostrequest.host-exists"
        | "hostgroup.in-use"
        | "credential.in-use"
        | "credential.unknown"
        | "credential.type-mismatch"
        | "provider-cluster.in-use"
        | "provider-cluster.type-immutable"
        | "provider-cluster.unknown"
        | "provider-cluster.not-in-project"
        | "provider.refused"
        | "provider.unreachable"
        | "management-cluster.unknown"
        | "management-cluster.in-use"
        | "management-cluster.no-match"
        | "management-cluster.unreachable"
        | "management-cluster.credentials-refused"
        | "management-cluster.object-rejected"
        | "management-cluster.kind-not-served"
        | "certificate.revoked"
        | "secrets-key.unavailable"
        | "unsupported-media-type"
        | "internal-error";
      title: string;
      status: number;
      detail: string;
      instance?: string;
      requestId?: string;
      errors?: {
        path: string;
        message: string;
      }[];
    } & {
      [key: string]: unknown;
    };
    Domain: {
      name: string;
      displayName?: string;
      /** @description clusters of the domain's projects are created from cluster templates */
      requireClusterTemplates?: boolean;
      createdAt: string;
      version: number;
    };
    DomainPage: {
      items: components["schemas"]["Domain"][];
      nextCursor: string | null;
    };
    Project: {
      domain: string;
      name: string;
      displayName?: string;
      /** @description true unless approval.mode is never (the former setting) */
      autoApproveHosts: boolean;
      approval: {
        /** @enum {string} */
        mode: "preflight" | "always" | "never";
        /** @description equality selector on the labels a host gets from its facts; hosts that do not match wait for a person */
        selector?: {
          [key: string]: string;
        };
      };
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    ProjectPage: {
      items: components["schemas"]["Project"][];
      nextCursor: string | null;
    };
    CreatedToken: {
      id: string;
      name: string;
      /** @enum {string} */
      role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
      domain?: string;
      project?: string;
      createdAt: string;
      createdBy: string;
      expiresAt?: string;
      /** @description the bearer secret; shown only once */
      token: string;
    };
    TokenPage: {
      items: components["schemas"]["Token"][];
      nextCursor: string | null;
    };
    Token: {
      id: string;
      name: string;
      /** @enum {string} */
      role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
      domain?: string;
      project?: string;
      createdAt: string;
      createdBy: string;
      expiresAt?: string;
    };
    Identity: {
      /**
       * @description who the bearer is (hosts and cluster agents authenticate with certificates on their own endpoints, never here)
       * @enum {string}
       */
      kind: "token" | "admin" | "person" | "host" | "cluster-agent";
      id: string;
      /**
       * @description a token's role; a person's strongest role binding
       * @enum {string}
       */
      role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
      scope: {
        domain?: string;
        project?: string;
      };
      person?: {
        idp: string;
        issuer: string;
        subject: string;
        user: string;
        name?: string;
        email?: string;
        groups: string[];
      };
      /** @description a person's role bindings; what they may do is the union */
      grants?: {
        binding: string;
        /** @enum {string} */
        role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
        domain?: string;
        project?: string;
      }[];
      /** @description a token's domain (scope.domain) */
      domain?: string;
      /** @description a token's project (scope.project) */
      project?: string;
      /** @description the token's name, the person's name (or email, or user), or 'bootstrap admin' */
      name?: string;
      expiresAt?: string;
    };
    HostPsk: {
      psk: string;
      version: number;
      rotatedAt: string;
    };
    RegistrationAnswer: {
      requestId: string;
      /** @enum {string} */
      status: "pending" | "approved" | "rejected";
      hostId?: string;
      /** @description PEM host certificate, once approved, to a registration that sent the machine's CSR */
      certificate?: string;
      certificateSerial?: string;
      /** @description PEM CA certificate that issued it */
      caCertificate?: string;
      /** @description base URL of the mTLS endpoint hosts use once they hold a certificate */
      agentApiUrl?: string;
    };
    HeartbeatAck: {
      /** @enum {string} */
      type: "ack";
      at: string;
      release?: components["schemas"]["AgentReleaseForHost"];
    };
    AgentReleaseForHost: {
      version: string;
      sha256: string;
      /** @description absolute, or a path on the mTLS endpoint */
      url: string;
    };
    AgentWsTicket: {
      ticket: string;
      expiresAt: string;
      /** @description WebSocket URL; connect with ?ticket= */
      url: string;
    };
    AgentRelease: {
      version: string;
      sha256: string;
      artifactKey?: string;
      url?: string;
      notes?: string;
      publishedAt: string;
      publishedBy: string;
    };
    ByohBundleForHost: {
      kubernetesVersion: string;
      os: string;
      repository: string;
      ociReference: string;
      digest: string;
      architectures: string[];
      packages: {
        [key: string]: string;
      };
      publishedAt: string;
      /** @description the active package-signing keys; a package none of them signed is refused */
      trustedKeys: components["schemas"]["TrustedPackageKey"][];
    };
    TrustedPackageKey: {
      fingerprint: string;
      publicKey: string;
    };
    HostRequestPage: {
      items: components["schemas"]["HostRequest"][];
      nextCursor: string | null;
    };
    HostRequest: {
      id: string;
      domain: string;
      project: string;
      machineId: string;
      hostname: string;
      facts: {
        [key: string]: unknown;
      };
      csr?: string;
      publicKeySha256?: string;
      certificateSerial?: string;
      /** @enum {string} */
      status: "pending" | "approved" | "rejected";
      reason?: string;
      hostId?: string;
      createdAt: string;
      decidedAt?: string;
      decidedBy?: string;
      version: number;
    };
    BulkResult: {
      results: {
        id: string;
        outcome: string;
        /** @description why this item failed, as problem members */
        error?: {
          /**
           * @description stable code of the problem; clients branch on it (also the last segment of type)
           * @enum {string}
           */
          code:
            | "invalid-request"
            | "authentication-required"
            | "forbidden"
            | "not-found"
            | "conflict"
            | "precondition-failed"
            | "unprocessable-request"
            | "too-many-requests"
            | "payload-too-large"
            | "service-unavailable"
            | "cluster.name-taken"
            | "cluster.encryption-not-enabled"
            | "cluster.encryption-rotation-in-progress"
            | "cluster.encryption-cannot-disable"
            | "cluster.encryption-resource-removed"
            | "cluster.not-ready"
            | "cluster.kubeconfig-unavailable"
            | "cluster.version-unsupported"
            | "cluster.upgrade-not-allowed"
            | "cluster.bundle-missing"
            | "cluster.insufficient-hosts"
            | "cluster.worker-pool-invalid"
            | "cluster.worker-pool-unknown"
            | "cluster.storage-profile-missing"
            | "cluster.autoscaling-not-supported"
            | "cluster.registry-invalid"
            | "cluster.autoscaling-bounds-invalid"
            | "cluster.autoscaled"
            | "cluster.addon-not-applicable"
            | "cluster.addon-not-optional"
            | "cluster-template.invalid"
            | "cluster-template.version-exists"
            | "cluster-template.not-offered"
            | "cluster-template.version-deprecated"
            | "cluster-template.parameter-invalid"
            | "cluster.template-required"
            | "cluster.not-from-template"
            | "cluster-template.move-unsupported"
            | "storage-profile.in-use"
            | "backup-location.bucket-taken"
            | "backup-location.endpoint-not-allowed"
            | "backup-location.unreachable"
            | "backup-location.access-denied"
            | "backup-location.bucket-missing"
            | "backup.velero-not-installed"
            | "backup.no-location"
            | "node-pool.autoscaling-disabled"
            | "node-pool.label-restricted"
            | "machinehost.machine-known"
            | "machinehost.not-approved"
            | "machinehost.provider-cluster-unknown"
            | "machinehost.agent-release-missing"
            | "machinehost.request-id-reused"
            | "auth.token-malformed"
            | "auth.issuer-unknown"
            | "auth.signature-invalid"
            | "auth.token-expired"
            | "auth.token-not-yet-valid"
            | "auth.audience-mismatch"
            | "auth.claim-invalid"
            | "auth.idp-unavailable"
            | "auth.sign-in-refused"
            | "identity-provider.discovery-failed"
            | "identity-provider.in-use"
            | "role-binding.identity-provider-unknown"
            | "role-binding.exists"
            | "role-binding.limit-reached"
            | "cluster-agent.token-refused"
            | "cluster-agent.certificate-refused"
            | "cluster-agent.tunnel-held"
            | "tunnel.disconnected"
            | "imported-cluster.unreachable"
            | "imported-cluster.addon-not-supported"
            | "already-exists"
            | "idempotency.in-progress"
            | "idempotency.key-reused"
            | "client-certificate.refused"
            | "registration.proof-invalid"
            | "registration.timestamp-skewed"
            | "registration.nonce-reused"
            | "registration.key-mismatch"
            | "registration.key-required"
            | "registration.interrupted"
            | "registration.throttled"
            | "agent.ticket-invalid"
            | "agent.websocket-unavailable"
            | "package-key.invalid"
            | "package-key.exists"
            | "agent-release.artifact-missing"
            | "host.assigned"
            | "host.in-another-group"
            | "host.provisioning-failed"
            | "host.preflight-failed"
            | "project.approval-conflict"
            | "hostrequest.decided"
            | "hostrequest.host-exists"
            | "hostgroup.in-use"
            | "credential.in-use"
            | "credential.unknown"
            | "credential.type-mismatch"
            | "provider-cluster.in-use"
            | "provider-cluster.type-immutable"
            | "provider-cluster.unknown"
            | "provider-cluster.not-in-project"
            | "provider.refused"
            | "provider.unreachable"
            | "management-cluster.unknown"
            | "management-cluster.in-use"
            | "management-cluster.no-match"
            | "management-cluster.unreachable"
            | "management-cluster.credentials-refused"
            | "management-cluster.object-rejected"
            | "management-cluster.kind-not-served"
            | "certificate.revoked"
            | "secrets-key.unavailable"
            | "unsupported-media-type"
            | "internal-error";
          status: number;
          title: string;
          detail: string;
        } & {
          [key: string]: unknown;
        };
      }[];
    };
    HostPage: {
      items: components["schemas"]["Host"][];
      nextCursor: string | null;
    };
    Host: {
      id: string;
      domain: string;
      project: string;
      machineId: string;
      hostname: string;
      requestId: string;
      facts: {
        [key: string]: unknown;
      };
      labels: {
        [key: string]: string;
      };
      /** @enum {string} */
      status: "create-pending" | "create-completed" | "create-failed";
      conditions: components["schemas"]["Condition"][];
      group?: string;
      clusterId?: string;
      certificateSerial?: string;
      /** @description what the host's agent last reported; unreachable after missed heartbeats */
      agent?: {
        /** @enum {string} */
        status: "ready" | "unreachable";
        lastSeenAt: string;
        /** @enum {string} */
        via: "websocket" | "https";
        version?: string;
        health?: {
          [key: string]: unknown;
        };
        upgrade?: {
          [key: string]: unknown;
        };
        /** @description the last installation of a BYOH bundle's packages: installed, refused (refusal: package, check signature|maintainer, key, reason) or failed */
        packages?: {
          /** @enum {string} */
          status: "installed" | "refused" | "failed";
          bundle: string;
          /** Format: date-time */
          at: string;
          packages?: string[];
          refusal?: {
            package: string;
            /** @enum {string} */
            check: "signature" | "maintainer";
            key?: string;
            reason: string;
          };
          error?: string;
        };
        unreachableSince?: string;
      };
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    Condition: {
      type: string;
      /** @enum {string} */
      status: "True" | "False" | "Unknown";
      reason: string;
      message: string;
      lastTransitionTime: string;
    };
    HostGroup: {
      name: string;
      domain: string;
      project: string;
      description?: string;
      labels: {
        [key: string]: string;
      };
      /** @description where the group's free hosts are registered as ByoHosts */
      managementClusterId?: string;
      managementCluster?: string;
      hostCount: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    HostGroupPage: {
      items: components["schemas"]["HostGroup"][];
      nextCursor: string | null;
    };
    AuditEventPage: {
      items: components["schemas"]["AuditEvent"][];
      nextCursor: string | null;
    };
    AuditEvent: {
      /** @enum {string} */
      specversion: "1.0";
      id: string;
      source: string;
      /** @description ckp.<resource>.<past-tense verb> */
      type: string;
      /** @description when it happened (occurredAt), RFC 3339 */
      time: string;
      /** @description the resource it is about, e.g. hosts/host_01… */
      subject: string;
      datacontenttype: string;
      dataschemaversion: number;
      domain?: string;
      project?: string;
      actor: components["schemas"]["Actor"];
      correlationid: string;
      causationid?: string;
      replay?: boolean;
      data: {
        [key: string]: unknown;
      };
    };
    Actor: {
      /** @enum {string} */
      kind: "token" | "admin" | "host" | "person" | "system";
      /** @description a token id, bootstrap-admin, machine:<machineId>, <idp>:<user> for a person, or a system component */
      id: string;
      /** @description for a person (signed in with an identity provider): who, as the IdP's token said */
      person?: {
        /** @description the identity provider: <name> at the platform, <domain>/<name> of a domain */
        idp: string;
        /** @description the token's sub */
        subject: string;
        /** @description the IdP's user claim */
        user: string;
        name?: string;
        email?: string;
      };
      /** @description for a system actor: the token, host or person whose action it carried on */
      onBehalfOf?: {
        /** @enum {string} */
        kind: "token" | "admin" | "host" | "person";
        id: string;
      };
    };
    ManagementClusterRegistered: {
      id: string;
      name: string;
      description?: string;
      /** @enum {string} */
      connectivity: "direct" | "remote";
      /** @description the API server URL (direct only); credentials are never returned */
      server?: string;
      /** @description the API server URL as the workload clusters' nodes reach it, if set (Karpenter in a workload cluster uses it) */
      workloadFacingServer?: string;
      labels: {
        [key: string]: string;
      };
      maxClusters?: number;
      schedulable: boolean;
      clusterCount: number;
      providerClusterCount: number;
      /** @description host groups naming it */
      hostGroupCount: number;
      credentialsUpdatedAt: string;
      createdAt: string;
      updatedAt: string;
      version: number;
      /** @description remote: how to install its agent */
      agent?: {
        /** @description the registration token (ckpreg_…): single use, bound to this cluster; shown once */
        token: string;
        tokenId: string;
        expiresAt: string;
        /** @description YAML for kubectl apply -f: the agent's namespace, RBAC, token and Deployment */
        manifest: string;
        command: string;
      };
    };
    ManagementClusterPage: {
      items: components["schemas"]["ManagementCluster"][];
      nextCursor: string | null;
    };
    ManagementCluster: {
      id: string;
      name: string;
      description?: string;
      /** @enum {string} */
      connectivity: "direct" | "remote";
      /** @description the API server URL (direct only); credentials are never returned */
      server?: string;
      /** @description the API server URL as the workload clusters' nodes reach it, if set (Karpenter in a workload cluster uses it) */
      workloadFacingServer?: string;
      labels: {
        [key: string]: string;
      };
      maxClusters?: number;
      schedulable: boolean;
      clusterCount: number;
      providerClusterCount: number;
      /** @description host groups naming it */
      hostGroupCount: number;
      credentialsUpdatedAt: string;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    ManagementClusterHealth: {
      id: string;
      name: string;
      /** @enum {string} */
      connectivity: "direct" | "remote";
      checkedAt: string;
      reachable: boolean;
      latencyMs?: number;
      kubernetesVersion?: string;
      ready: boolean;
      providers: {
        /** @enum {string} */
        name: "cluster-api" | "kubeadm-bootstrap" | "byoh" | "kamaji" | "karpenter" | "velero";
        installed: boolean;
        version: string | null;
        apiVersions: string[];
        missing: string[];
        /** @description why Cluster API could not use the provider as installed, e.g. CRDs without the contract label clusterctl sets */
        problems: string[];
      }[];
      message?: string;
      /** @description remote: TunnelDisconnected while its agent is not connected (retryable) */
      reason?: string;
      /** @description remote: its agent's tunnel */
      tunnel?: {
        /**
         * @description disconnected also when the agent has not been heard from for a while (it pings every 30 s)
         * @enum {string}
         */
        state: "awaiting-agent" | "connected" | "disconnected";
        /** @description when the tunnel entered this state */
        since: string;
        lastSeenAt?: string;
        agentVersion?: string;
        certificateSerial?: string;
      };
    };
    ClusterAgentStatus: {
      tunnel: components["schemas"]["TunnelState"];
      tokens: components["schemas"]["ClusterAgentToken"][];
    };
    TunnelState: {
      /**
       * @description disconnected also when the agent has not been heard from for a while (it pings every 30 s)
       * @enum {string}
       */
      state: "awaiting-agent" | "connected" | "disconnected";
      /** @description when the tunnel entered this state */
      since: string;
      lastSeenAt?: string;
      agentVersion?: string;
      certificateSerial?: string;
    };
    ClusterAgentToken: {
      tokenId: string;
      createdAt: string;
      expiresAt: string;
      /** @enum {string} */
      state: "unused" | "used" | "expired";
      usedAt?: string;
      /** @description the certificate its registration received */
      serial?: string;
    };
    ClusterAgentInstall: {
      /** @description the registration token (ckpreg_…): single use, bound to this cluster; shown once */
      token: string;
      tokenId: string;
      expiresAt: string;
      /** @description YAML for kubectl apply -f: the agent's namespace, RBAC, token and Deployment */
      manifest: string;
      command: string;
    };
    Credential: {
      name: string;
      domain: string;
      /** @enum {string} */
      type: "orbiter-bms" | "ccs-openstack";
      description?: string;
      /** @description the non-secret fields */
      config: {
        [key: string]: string;
      };
      /** @description names of the write-only fields that are set; their values are never returned */
      secretFields: string[];
      providerClusterCount: number;
      createdAt: string;
      version: number;
    };
    CredentialPage: {
      items: components["schemas"]["Credential"][];
      nextCursor: string | null;
    };
    ProviderCluster: {
      name: string;
      domain: string;
      project?: string;
      /** @enum {string} */
      scope: "domain" | "project";
      /** @enum {string} */
      type: "orbiter-bms" | "ccs-vm";
      description?: string;
      credential: string;
      managementCluster?: {
        id: string;
        name: string;
      };
      placement?: {
        matchLabels?: {
          [key: string]: string;
        };
        matchExpressions?: ({
          key: string;
          /** @enum {string} */
          operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
          values?: string[];
        } & (
          | {
              /** @enum {unknown} */
              operator?: "In" | "NotIn";
              values: unknown;
            }
          | {
              /** @enum {unknown} */
              operator?: "Exists" | "DoesNotExist";
              values?: unknown;
            }
        ))[];
      };
      defaults:
        | {
            /** @description the image per OS and architecture */
            images: {
              /** @enum {string} */
              os: "ubuntu-20.04" | "ubuntu-22.04" | "rhel-9";
              /** @enum {string} */
              arch: "amd64" | "arm64";
              /** @description image name or id in the CCS cloud */
              image: string;
            }[] &
              (unknown & unknown & unknown & unknown & unknown & unknown);
            flavor: string;
            network: string;
            /** @default [] */
            securityGroups: string[];
          }
        | {
            serverPool: string;
            /** @description cloud-init user data template */
            cloudInitTemplate: string;
          };
      clusterCount: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    ProviderClusterPage: {
      items: components["schemas"]["ProviderCluster"][];
      nextCursor: string | null;
    };
    ProviderStatus: {
      domain: string;
      configured: boolean;
      /** @enum {string} */
      status: "ready" | "degraded" | "not-configured";
      checkedAt: string;
      providerClusters: {
        name: string;
        /** @enum {string} */
        scope: "domain" | "project";
        project?: string;
        /** @enum {string} */
        type: "orbiter-bms" | "ccs-vm";
        ready: boolean;
        credential: {
          name: string;
          present: boolean;
        };
        /** @description the provider API's answer: reachable, whether it accepted the credential, and what it has of the defaults */
        provider: {
          reachable: boolean;
          authenticated: boolean;
          message: string;
        };
        managementClusters: {
          id: string;
          name: string;
          reachable: boolean;
          ready: boolean;
          message?: string;
        }[];
        problems: string[];
      }[];
      truncated: boolean;
    };
    CertificatePage: {
      items: components["schemas"]["Certificate"][];
      nextCursor: string | null;
    };
    Certificate: {
      serial: string;
      subject: string;
      sans: string[];
      /** @enum {string} */
      purpose: "host" | "server" | "cluster" | "cluster-agent";
      domain?: string;
      project?: string;
      hostId?: string;
      /** @description the cluster a cluster certificate (its CA) belongs to */
      clusterId?: string;
      notBefore: string;
      notAfter: string;
      fingerprint: string;
      publicKeySha256: string;
      pem: string;
      revoked: boolean;
      revokedAt?: string;
      revocationReason?: string;
      issuedAt: string;
      version: number;
    };
    ClusterPlan: {
      /** @enum {string} */
      operation: "create" | "scale" | "upgrade" | "delete";
      /** @enum {boolean} */
      dryRun: true;
      cluster: {
        id: string | null;
        name: string;
        phase: string | null;
      };
      /** @description whether the request itself would be accepted; else refusal names the problem code it would answer */
      accepted: boolean;
      refusal?: {
        code: string;
        message: string;
      };
      /** @description every check, failing ones with the problem code the operation would answer */
      checks: {
        name: string;
        ok: boolean;
        code?: string;
        message: string;
      }[];
      /** @description the saga steps the operation would run, in order */
      steps: string[];
      from: {
        workers?: number;
        kubernetesVersion?: string;
      };
      to: {
        workers?: number;
        kubernetesVersion?: string;
      };
      providerCluster: {
        name: string;
        project?: string;
        type: string;
      } | null;
      managementCluster: {
        id: string;
        name: string;
      } | null;
      hosts: {
        take: {
          id: string;
          hostname?: string;
          /**
           * @description a released host goes back to its group, or is deleted and its machine returned
           * @enum {string}
           */
          to?: "group" | "provider";
        }[];
        release: {
          id: string;
          hostname?: string;
          /**
           * @description a released host goes back to its group, or is deleted and its machine returned
           * @enum {string}
           */
          to?: "group" | "provider";
        }[];
      };
      machines: {
        /** @description machines the provider would be asked for */
        create: {
          name: string;
          os?: string;
          arch?: string;
          serverId?: string;
        }[];
        /** @description machines returned to the provider */
        release: {
          name: string;
          os?: string;
          arch?: string;
          serverId?: string;
        }[];
        /** @description CAPI Machines marked to be removed first on a scale-down */
        markForDeletion: string[];
      };
      /** @description objects on the management cluster, diffed against what is there (server-side apply, dry run) */
      objects: {
        apiVersion: string;
        kind: string;
        name: string;
        namespace?: string;
        /** @enum {string} */
        action: "create" | "update" | "unchanged" | "delete";
        changes?: {
          path: string;
          from?: unknown;
          to?: unknown;
        }[];
      }[];
      notes: string[];
    };
    Cluster: {
      id: string;
      name: string;
      domain: string;
      project: string;
      description?: string;
      /** @description the cluster template and version the cluster was made from */
      template?: {
        name: string;
        version: string;
        parameters: {
          [key: string]: string | number | boolean;
        };
      };
      /** @description the last move to another version of its template */
      templateMove?: {
        template: string;
        from: string;
        to: string;
        /** @enum {string} */
        state: "Running" | "Succeeded" | "Failed";
        /** @description operations not yet started; each starts when the one before has taken the cluster to Ready */
        pending: components["schemas"]["TemplateMoveStep"][];
        startedAt: string;
        endedAt?: string;
        message?: string;
      };
      kubernetesVersion: string;
      cni: {
        name: string;
        version: string;
        values?: {
          [key: string]: unknown;
        };
      };
      /** @description the storage plugin and Velero (the CNI is `cni`) */
      addons?: {
        storage: {
          enabled: boolean;
          profile?: string;
          values: {
            [key: string]: unknown;
          };
        };
        velero: {
          enabled: boolean;
          values: {
            [key: string]: unknown;
          };
        };
        karpenter?: {
          enabled: boolean;
          values: {
            [key: string]: unknown;
          };
        };
      };
      providerCluster: string;
      hostGroup: string;
      /** @description the primary worker pool's (workers) count */
      workers: number;
      /** @description node roles of the primary pool's nodes */
      workerRoles?: string[];
      /** @description taints of the primary pool's nodes */
      workerTaints?: {
        key: string;
        value?: string;
        effect: string;
      }[];
      /** @description further worker pools, each its own MachineDeployment workers-<name> */
      workerPools?: {
        name: string;
        hostGroup: string;
        count: number;
        roles?: string[];
        taints?: {
          key: string;
          value?: string;
          effect: string;
        }[];
        /** @description the pool's hosts (also in the cluster's hostIds) */
        hostIds: string[];
      }[];
      machines: {
        os: string;
        arch: string;
      };
      controlPlaneEndpoint?: {
        host: string;
        port: number;
      };
      /** @description the MachineHealthCheck's timeout (absent: 5m, on clusters created before it could be set) */
      machineHealthCheck?: {
        unhealthyAfter: string;
      };
      network: {
        podCidr: string;
        serviceCidr: string;
        nodeCidr?: string;
      };
      extraArgs: {
        kubelet?: {
          [key: string]: string;
        };
        apiServer?: {
          [key: string]: string;
        };
        controllerManager?: {
          [key: string]: string;
        };
        scheduler?: {
          [key: string]: string;
        };
      };
      /** @description where the cluster's images and addon charts come from; the password is never shown */
      imageRegistry: {
        /** @enum {string} */
        type: "default" | "private" | "public";
        url: string;
        username?: string;
        caBundle?: string;
      };
      labels: {
        [key: string]: string;
      };
      annotations: {
        [key: string]: string;
      };
      /** @enum {string} */
      phase: "Provisioning" | "Ready" | "Scaling" | "Upgrading" | "Updating" | "Deleting" | "Failed";
      conditions: components["schemas"]["Condition"][];
      /**
       * @description autoscale: Karpenter changed the worker count (its MachineDeployment replicas); the control plane provisions or releases the machines
       * @enum {string}
       */
      operation: "create" | "scale" | "autoscale" | "upgrade" | "addons" | "delete";
      generation: number;
      step: string;
      steps: components["schemas"]["ClusterStep"][];
      resolved?: {
        providerCluster: {
          name: string;
          project?: string;
          type: string;
        };
        managementClusterId?: string;
        managementCluster?: string;
        nodeCidr?: string;
      };
      provisioned: {
        serverId: string;
        name: string;
        machineId: string;
        hostId?: string;
        /** @description provisioned because Karpenter asked for it */
        autoscaled?: boolean;
      }[];
      /** @description what one worker machine of the provider cluster's flavor brings */
      machineCapacity?: {
        flavor: string;
        cpu: number;
        memoryMb: number;
      };
      hostIds: string[];
      target?: {
        kubernetesVersion?: string;
        workers?: number;
        pool?: string;
      };
      observed?: {
        controlPlaneReady: boolean;
        controlPlaneVersion?: string;
        readyWorkers: number;
        updatedWorkers: number;
        /** @description each worker pool's MachineDeployment, when the cluster has further pools */
        pools?: {
          name: string;
          replicas: number;
          readyReplicas: number;
          updatedReplicas: number;
        }[];
        phase?: string;
        at: string;
      };
      drift?: components["schemas"]["ClusterDrift"];
      addonHealth?: components["schemas"]["AddonHealth"];
      machineHealth?: components["schemas"]["MachineHealth"];
      encryption: components["schemas"]["ClusterEncryption"];
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    TemplateMoveStep: {
      /** @enum {string} */
      op: "upgrade" | "scale" | "addons";
      kubernetesVersion?: string;
      workers?: number;
      addon?: string;
      enabled?: boolean;
      values?: {
        [key: string]: unknown;
      };
    };
    ClusterStep: {
      name: string;
      /** @enum {string} */
      state: "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";
      startedAt?: string;
      endedAt?: string;
      retries?: number;
      message?: string;
    };
    /** @description the machine reconciler's last comparison of desired and actual machines (also the MachinesInSync condition) */
    ClusterDrift: {
      inSync: boolean;
      /** @description InSync, or the first problem: MachineDeploymentMissing, ByoHostsMissing, MachinesMissing, MachinesUnhealthy, ExtraMachines, UnexpectedByoHosts, HostsUnclaimed */
      reason: string;
      message: string;
      desiredWorkers: number;
      /** @description Machines of the worker pool not being deleted */
      machines: number;
      readyMachines: number;
      missingMachines: number;
      extraMachines: string[];
      unhealthyMachines: {
        name: string;
        reason: string;
      }[];
      /** @description assigned hosts without a ByoHost on the management cluster */
      missingByoHosts: string[];
      /** @description hosts whose ByoHost is labelled for the cluster though it does not hold them */
      unexpectedByoHosts: string[];
      /** @description assigned hosts no Machine runs on */
      unclaimedHosts: string[];
      /** @description when the cluster entered this state */
      since: string;
      checkedAt: string;
    };
    /** @description the last check of the addons in the workload cluster */
    AddonHealth: {
      healthy: boolean;
      /** @description AddonsHealthy, AddonUnhealthy, AddonsInstalling or WorkloadUnreachable */
      reason: string;
      message: string;
      addons: components["schemas"]["AddonFinding"][];
      since: string;
      checkedAt: string;
    };
    AddonFinding: {
      /** @enum {string} */
      addon: "cilium" | "calico" | "flannel" | "ceph-rbd-csi" | "velero" | "karpenter";
      /** @enum {string} */
      state: "Healthy" | "Installing" | "Unhealthy" | "Unknown" | "Disabled";
      version?: string;
      installedChartVersion?: string;
      message: string;
      since: string;
      /** @description when the addon was first Healthy since it was last enabled; kept while it updates, fails or cannot be read */
      healthySince?: string;
      /** @description Velero: the project's backup locations in the cluster */
      backupLocations?: components["schemas"]["BackupLocationStatus"][];
    };
    /** @description a backup location's BackupStorageLocation, as Velero reports it in the workload cluster */
    BackupLocationStatus: {
      name: string;
      /**
       * @description Velero's phase; Pending until Velero has validated it once
       * @enum {string}
       */
      phase: "Available" | "Unavailable" | "Pending";
      lastValidationTime?: string;
      message?: string;
    };
    /** @description what the cluster's MachineHealthCheck last reported (also the MachinesHealthy condition) */
    MachineHealth: {
      found: boolean;
      expectedMachines: number;
      currentHealthy: number;
      remediationsAllowed: number;
      remediating: {
        machine: string;
        reason: string;
      }[];
      /** @description machines it had marked that were replaced (the last 20) */
      replaced: {
        machine: string;
        at: string;
      }[];
      message: string;
      since: string;
      checkedAt: string;
    };
    ClusterEncryption:
      | {
          /** @enum {boolean} */
          enabled: false;
        }
      | {
          /** @enum {boolean} */
          enabled: true;
          /** @enum {string} */
          provider: "aesgcm";
          resources: string[];
          rotationHours: number;
          keepKeys: number;
          /** @description the configuration's revision: bumps when a key is added, made primary or retired */
          revision: number;
          /**
           * @description where a key rotation is: AddingKey and Promoting wait for every API server to run the revision
           * @enum {string}
           */
          phase: "Idle" | "AddingKey" | "Promoting" | "Migrating";
          /** @description the key writes are encrypted with (identity while the first key is being added) */
          primaryKey: string;
          /** @description newest first */
          keys: {
            name: string;
            createdAt: string;
          }[];
          rotatedAt: string;
          nextRotationAt: string;
          /** @description the hosted API servers as last observed, and the revision each runs */
          replicas: {
            name: string;
            revision: number;
            ready: boolean;
            upToDate: boolean;
          }[];
          /** @description the last storage migration: every object of the resources rewritten with the primary key */
          migration?: {
            /** @enum {string} */
            state: "Running" | "Succeeded";
            key: string;
            startedAt: string;
            completedAt?: string;
          };
          /** @description the last rotation step that failed, until one succeeds; it is retried on the next check */
          lastError?: {
            step: string;
            reason: string;
            at: string;
            attempts: number;
          };
        };
    CreateClusterFromTemplateInput: {
      name: string;
      /** @description a cluster template offered to the project (GET …/projects/{project}/cluster-templates) */
      template: string;
      /** @description the template's version; its newest one that is not deprecated when left out */
      version?: string;
      /**
       * @description values of the template's declared parameters
       * @default {}
       */
      parameters: {
        [key: string]: string | number | boolean;
      };
      description?: string;
    };
    ClusterPage: {
      items: (components["schemas"]["CapiClusterListItem"] | components["schemas"]["ImportedCluster"])[];
      nextCursor: string | null;
    };
    CapiClusterListItem: {
      id: string;
      name: string;
      domain: string;
      project: string;
      description?: string;
      /** @description the cluster template and version the cluster was made from */
      template?: {
        name: string;
        version: string;
        parameters: {
          [key: string]: string | number | boolean;
        };
      };
      /** @description the last move to another version of its template */
      templateMove?: {
        template: string;
        from: string;
        to: string;
        /** @enum {string} */
        state: "Running" | "Succeeded" | "Failed";
        /** @description operations not yet started; each starts when the one before has taken the cluster to Ready */
        pending: components["schemas"]["TemplateMoveStep"][];
        startedAt: string;
        endedAt?: string;
        message?: string;
      };
      kubernetesVersion: string;
      cni: {
        name: string;
        version: string;
        values?: {
          [key: string]: unknown;
        };
      };
      /** @description the storage plugin and Velero (the CNI is `cni`) */
      addons?: {
        storage: {
          enabled: boolean;
          profile?: string;
          values: {
            [key: string]: unknown;
          };
        };
        velero: {
          enabled: boolean;
          values: {
            [key: string]: unknown;
          };
        };
        karpenter?: {
          enabled: boolean;
          values: {
            [key: string]: unknown;
          };
        };
      };
      providerCluster: string;
      hostGroup: string;
      /** @description the primary worker pool's (workers) count */
      workers: number;
      /** @description node roles of the primary pool's nodes */
      workerRoles?: string[];
      /** @description taints of the primary pool's nodes */
      workerTaints?: {
        key: string;
        value?: string;
        effect: string;
      }[];
      /** @description further worker pools, each its own MachineDeployment workers-<name> */
      workerPools?: {
        name: string;
        hostGroup: string;
        count: number;
        roles?: string[];
        taints?: {
          key: string;
          value?: string;
          effect: string;
        }[];
        /** @description the pool's hosts (also in the cluster's hostIds) */
        hostIds: string[];
      }[];
      machines: {
        os: string;
        arch: string;
      };
      controlPlaneEndpoint?: {
        host: string;
        port: number;
      };
      /** @description the MachineHealthCheck's timeout (absent: 5m, on clusters created before it could be set) */
      machineHealthCheck?: {
        unhealthyAfter: string;
      };
      network: {
        podCidr: string;
        serviceCidr: string;
        nodeCidr?: string;
      };
      extraArgs: {
        kubelet?: {
          [key: string]: string;
        };
        apiServer?: {
          [key: string]: string;
        };
        controllerManager?: {
          [key: string]: string;
        };
        scheduler?: {
          [key: string]: string;
        };
      };
      /** @description where the cluster's images and addon charts come from; the password is never shown */
      imageRegistry: {
        /** @enum {string} */
        type: "default" | "private" | "public";
        url: string;
        username?: string;
        caBundle?: string;
      };
      labels: {
        [key: string]: string;
      };
      annotations: {
        [key: string]: string;
      };
      /** @enum {string} */
      phase: "Provisioning" | "Ready" | "Scaling" | "Upgrading" | "Updating" | "Deleting" | "Failed";
      conditions: components["schemas"]["Condition"][];
      /**
       * @description autoscale: Karpenter changed the worker count (its MachineDeployment replicas); the control plane provisions or releases the machines
       * @enum {string}
       */
      operation: "create" | "scale" | "autoscale" | "upgrade" | "addons" | "delete";
      generation: number;
      step: string;
      steps: components["schemas"]["ClusterStep"][];
      resolved?: {
        providerCluster: {
          name: string;
          project?: string;
          type: string;
        };
        managementClusterId?: string;
        managementCluster?: string;
        nodeCidr?: string;
      };
      provisioned: {
        serverId: string;
        name: string;
        machineId: string;
        hostId?: string;
        /** @description provisioned because Karpenter asked for it */
        autoscaled?: boolean;
      }[];
      /** @description what one worker machine of the provider cluster's flavor brings */
      machineCapacity?: {
        flavor: string;
        cpu: number;
        memoryMb: number;
      };
      hostIds: string[];
      target?: {
        kubernetesVersion?: string;
        workers?: number;
        pool?: string;
      };
      observed?: {
        controlPlaneReady: boolean;
        controlPlaneVersion?: string;
        readyWorkers: number;
        updatedWorkers: number;
        /** @description each worker pool's MachineDeployment, when the cluster has further pools */
        pools?: {
          name: string;
          replicas: number;
          readyReplicas: number;
          updatedReplicas: number;
        }[];
        phase?: string;
        at: string;
      };
      drift?: components["schemas"]["ClusterDrift"];
      addonHealth?: components["schemas"]["AddonHealth"];
      machineHealth?: components["schemas"]["MachineHealth"];
      encryption: components["schemas"]["ClusterEncryption"];
      createdAt: string;
      updatedAt: string;
      version: number;
      /** @enum {string} */
      type: "capi";
    };
    ImportedCluster: {
      id: string;
      /** @enum {string} */
      type: "imported";
      domain: string;
      project: string;
      name: string;
      description?: string;
      labels: {
        [key: string]: string;
      };
      /**
       * @description kubeconfig: imported, reached directly; agent: registered, reached through its agent
       * @enum {string}
       */
      access: "kubeconfig" | "agent";
      /** @description the API server URL (kubeconfig only); credentials are never returned */
      server?: string;
      /** @description what was last read from the cluster */
      observed?: {
        kubernetesVersion?: string;
        nodeCount?: number;
        readyNodes?: number;
        checkedAt: string;
      };
      /** @description addons enabled on the cluster (Velero only): PATCH …/addons/velero */
      addons?: {
        velero?: components["schemas"]["ImportedClusterAddon"];
      };
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    ImportedClusterAddon: {
      enabled: boolean;
      /** @description the addon's values, defaults filled in */
      values: {
        [key: string]: unknown;
      };
      /** @description each change is a generation, applied by an installer Job of its own in ckp-system */
      generation: number;
      changedAt: string;
      /**
       * @description read from the cluster now (GET …/imported-clusters/{id}); Unknown while it cannot be read (e.g. TunnelDisconnected)
       * @enum {string}
       */
      phase?: "Installing" | "Ready" | "Unhealthy" | "Failed" | "Uninstalling" | "Disabled" | "Unknown";
      version?: string;
      chartVersion?: string;
      /** @description the installer (or uninstaller) Job of this generation, in ckp-system */
      job?: string;
      conditions?: components["schemas"]["Condition"][];
    };
    ClusterStatus: {
      id: string;
      name: string;
      /** @enum {string} */
      phase: "Provisioning" | "Ready" | "Scaling" | "Upgrading" | "Updating" | "Deleting" | "Failed";
      /**
       * @description autoscale: Karpenter changed the worker count (its MachineDeployment replicas); the control plane provisions or releases the machines
       * @enum {string}
       */
      operation: "create" | "scale" | "autoscale" | "upgrade" | "addons" | "delete";
      generation: number;
      currentStep: string | null;
      steps: components["schemas"]["ClusterStep"][];
      conditions: components["schemas"]["Condition"][];
      kubernetesVersion: string;
      template?: components["schemas"]["ClusterTemplateRef"];
      templateMove?: components["schemas"]["TemplateMove"];
      /** @description the cluster's hosts that fail their preflight now (their agents re-run it), each failing check with the fix */
      hostPreflight: {
        hostId: string;
        hostname: string;
        failures: {
          check: string;
          reason: string;
          message: string;
        }[];
      }[];
      workers: {
        desired: number;
        assigned: number;
        ready: number;
        updated: number;
        /** @description assigned workers whose machines were provisioned because Karpenter asked for them */
        autoscaled: number;
        autoscaling: {
          enabled: boolean;
          minWorkers?: number;
          maxWorkers?: number;
          /** @description what one worker machine of the provider cluster's flavor brings */
          machineCapacity?: {
            flavor: string;
            cpu: number;
            memoryMb: number;
          };
        };
      };
      controlPlane: {
        ready: boolean;
        version: string | null;
      };
      /** @description every worker pool, the primary (workers) first, with what its MachineDeployment last reported */
      workerPools: {
        name: string;
        /** @description the pool's MachineDeployment on the management cluster */
        machineDeployment: string;
        hostGroup: string;
        roles: string[];
        taints: {
          key: string;
          value?: string;
          effect: string;
        }[];
        desired: number;
        assigned: number;
        ready: number;
        updated: number;
      }[];
      target?: {
        kubernetesVersion?: string;
        workers?: number;
        pool?: string;
      };
      observedAt: string | null;
      drift?: components["schemas"]["ClusterDrift"];
      /** @description each addon's state from the last check of the workload cluster (null until the first); GET …/addons has the details */
      addons: {
        healthy: boolean | null;
        reason: string | null;
        message: string | null;
        checkedAt: string | null;
        items: {
          name: string;
          enabled: boolean;
          version: string | null;
          state: string;
          message: string;
        }[];
      };
      machineHealth?: components["schemas"]["MachineHealth"];
      encryption: components["schemas"]["ClusterEncryption"];
    };
    ClusterTemplateRef: {
      name: string;
      version: string;
      parameters: {
        [key: string]: string | number | boolean;
      };
    };
    TemplateMove: {
      template: string;
      from: string;
      to: string;
      /** @enum {string} */
      state: "Running" | "Succeeded" | "Failed";
      /** @description operations not yet started; each starts when the one before has taken the cluster to Ready */
      pending: components["schemas"]["TemplateMoveStep"][];
      startedAt: string;
      endedAt?: string;
      message?: string;
    };
    TemplateMovePlan: {
      clusterId: string;
      template: string;
      from: string;
      to: string;
      parameters: {
        [key: string]: string | number | boolean;
      };
      changes: {
        field: string;
        from?: unknown;
        to?: unknown;
        /** @enum {string|null} */
        by: "upgrade" | "scale" | "addons" | "update" | null;
      }[];
      operations: components["schemas"]["TemplateMoveStep"][];
    };
    ClusterAddon: {
      /** @enum {string} */
      name: "cilium" | "calico" | "flannel" | "ceph-rbd-csi" | "velero" | "karpenter";
      kind: string;
      policy: string;
      title: string;
      enabled: boolean;
      version: string | null;
      chartVersion: string | null;
      /**
       * @description Pending: not checked yet
       * @enum {string}
       */
      state: "Healthy" | "Installing" | "Unhealthy" | "Unknown" | "Disabled" | "Pending";
      message: string;
      since: string | null;
      /** @description when the addon was first Healthy since it was last enabled */
      healthySince: string | null;
      lastChecked: string | null;
      values: {
        [key: string]: unknown;
      };
      storageProfile?: string;
      /** @description Velero: the project's backup locations in the cluster */
      backupLocations?: components["schemas"]["BackupLocationStatus"][];
      conditions: components["schemas"]["Condition"][];
    };
    ClusterAddonChange_cilium: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @default {
         *       "enabled": false
         *     }
         */
        hubble: {
          /** @default false */
          enabled: boolean;
        };
        /**
         * @default {
         *       "replicas": 1
         *     }
         */
        operator: {
          /** @default 1 */
          replicas: number;
        };
        /** @description the pod network MTU; detected from the nodes when unset */
        mtu?: number;
      };
    };
    ClusterAddonChange_calico: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @default VXLAN
         * @enum {string}
         */
        encapsulation: "VXLAN" | "VXLANCrossSubnet" | "IPIP" | "IPIPCrossSubnet" | "None";
        mtu?: number;
      };
    };
    ClusterAddonChange_flannel: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @default vxlan
         * @enum {string}
         */
        backend: "vxlan" | "host-gw" | "wireguard";
      };
    };
    ClusterAddonChange_ceph_rbd_csi: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /** @default 2 */
        provisionerReplicas: number;
        /**
         * @default ext4
         * @enum {string}
         */
        fsType: "ext4" | "xfs";
      };
    };
    ClusterAddonChange_velero: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @description run Velero's node agent (file-system backups of volumes) on every node
         * @default false
         */
        deployNodeAgent: boolean;
        /**
         * @description take CSI volume snapshots during backups
         * @default false
         */
        snapshotsEnabled: boolean;
        /** @default false */
        defaultVolumesToFsBackup: boolean;
      };
    };
    ClusterAddonChange_karpenter: {
      /** @description only optional addons (Velero) can be switched on or off */
      enabled?: boolean;
      /** @description the addon's values; they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @description the fewest workers Karpenter may scale the cluster's worker MachineDeployment down to
         * @default 1
         */
        minWorkers: number;
        /**
         * @description the most workers Karpenter may scale it up to
         * @default 10
         */
        maxWorkers: number;
        /**
         * @default info
         * @enum {string}
         */
        logLevel: "debug" | "info" | "error";
      };
    };
    Backup: {
      name: string;
      clusterId: string;
      includedNamespaces?: string[];
      excludedNamespaces?: string[];
      labelSelector?: {
        matchLabels?: {
          [key: string]: string;
        };
        matchExpressions?: {
          key: string;
          operator: string;
          values?: string[];
        }[];
      };
      ttl: string;
      /** @description the backup location it is written to */
      location: string;
      /** @description the schedule that made it, for a scheduled backup */
      schedule?: string;
      createdAt: string;
      status: {
        /** @description Velero's phase (New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation, …; a schedule: New, Enabled, FailedValidation), or the control plane's: Pending (asked for, not yet in the cluster), Unknown (the cluster's Velero cannot be read; see message) */
        phase: string;
        startedAt?: string;
        completedAt?: string;
        /** @description errors Velero counted */
        errors?: number;
        warnings?: number;
        /** @description why Velero refused it (FailedValidation) */
        validationErrors?: string[];
        message?: string;
        /** @description when Velero deletes it (its TTL) */
        expiresAt?: string;
        progress?: {
          itemsBackedUp: number;
          totalItems: number;
        };
      };
    };
    BackupPage: {
      items: components["schemas"]["Backup"][];
      nextCursor: string | null;
    };
    BackupSchedule: {
      name: string;
      clusterId: string;
      schedule: string;
      paused: boolean;
      skipImmediately: boolean;
      includedNamespaces?: string[];
      excludedNamespaces?: string[];
      labelSelector?: {
        matchLabels?: {
          [key: string]: string;
        };
        matchExpressions?: {
          key: string;
          operator: string;
          values?: string[];
        }[];
      };
      ttl: string;
      /** @description the backup location it is written to */
      location: string;
      createdAt: string;
      updatedAt: string;
      version: number;
      status: {
        /** @description Velero's phase (New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation, …; a schedule: New, Enabled, FailedValidation), or the control plane's: Pending (asked for, not yet in the cluster), Unknown (the cluster's Velero cannot be read; see message) */
        phase: string;
        /** @description when Velero last made a backup for it */
        lastBackup?: string;
        validationErrors?: string[];
        message?: string;
      };
    };
    BackupSchedulePage: {
      items: components["schemas"]["BackupSchedule"][];
      nextCursor: string | null;
    };
    Restore: {
      name: string;
      clusterId: string;
      backup: string;
      includedNamespaces?: string[];
      excludedNamespaces?: string[];
      namespaceMapping?: {
        [key: string]: string;
      };
      createdAt: string;
      status: {
        /** @description Velero's phase (New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation, …; a schedule: New, Enabled, FailedValidation), or the control plane's: Pending (asked for, not yet in the cluster), Unknown (the cluster's Velero cannot be read; see message) */
        phase: string;
        startedAt?: string;
        completedAt?: string;
        /** @description errors Velero counted */
        errors?: number;
        warnings?: number;
        /** @description why Velero refused it (FailedValidation) */
        validationErrors?: string[];
        message?: string;
        progress?: {
          itemsRestored: number;
          totalItems: number;
        };
      };
    };
    RestorePage: {
      items: components["schemas"]["Restore"][];
      nextCursor: string | null;
    };
    NodePool: {
      name: string;
      clusterId: string;
      requirements: {
        architectures?: ("amd64" | "arm64")[];
        flavors?: string[];
        zones?: string[];
      };
      labels: {
        [key: string]: string;
      };
      taints: {
        key: string;
        value?: string;
        /** @enum {string} */
        effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
      }[];
      limits: {
        cpu: string;
        memory?: string;
      };
      disruption: {
        /** @enum {string} */
        consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
        consolidateAfter: string;
      };
      weight?: number;
      createdAt: string;
      updatedAt: string;
      version: number;
      /** @description read back from the workload cluster on every read */
      status: {
        /**
         * @description Pending: kept, not (yet) in the cluster or Karpenter not installed there yet; Ready / NotReady: Karpenter's NodePool condition; Rejected: the cluster's apiserver refused this version (message); Unknown: the cluster cannot be read now (message)
         * @enum {string}
         */
        state: "Pending" | "Ready" | "NotReady" | "Rejected" | "Unknown";
        message?: string;
        /** @description the pool's version the cluster last took */
        appliedVersion?: number;
        /** @description the NodePool's conditions, as Karpenter reports them */
        conditions?: {
          type: string;
          status: string;
          reason?: string;
          message?: string;
          lastTransitionTime?: string;
        }[];
        /** @description nodes Karpenter launched for the pool */
        nodes?: number;
        /** @description what the pool's nodes have in all (Karpenter's status.resources: cpu, memory, pods, …) */
        resources?: {
          [key: string]: string;
        };
        /** @description the nodes use up limits.cpu (or limits.memory): Karpenter launches no more for the pool */
        limitReached?: boolean;
        /** @description the machines Karpenter asked for, for the pool */
        nodeClaims?: components["schemas"]["NodeClaim"][];
      };
    };
    NodeClaim: {
      name: string;
      /** @description how far Karpenter got: Pending, Launched (the machine exists), Registered (its node joined), Initialized (ready for pods); LaunchFailed; Terminating */
      phase: string;
      providerID?: string;
      nodeName?: string;
      /** @description the flavour launched (node.kubernetes.io/instance-type) */
      instanceType?: string;
      createdAt?: string;
    };
    NodePoolPage: {
      items: components["schemas"]["NodePool"][];
      nextCursor: string | null;
    };
    AddonCatalogEntry: {
      /** @enum {string} */
      name: "cilium" | "calico" | "flannel" | "ceph-rbd-csi" | "velero" | "karpenter";
      /** @enum {string} */
      kind: "cni" | "storage" | "backup" | "autoscaling";
      /**
       * @description required: the cluster's CNI; default: on unless turned off at creation; optional: off unless enabled
       * @enum {string}
       */
      policy: "required" | "default" | "optional";
      title: string;
      description: string;
      /** @description the cluster condition that reports this addon's health */
      condition: string;
      /** @description where it runs in the workload cluster */
      namespace: string;
      chart: {
        repository: string;
        name: string;
        releaseName: string;
      };
      versions: {
        /** @description a Kubernetes minor, e.g. 1.31 */
        kubernetes: string;
        version: string;
        chartVersion: string;
      }[];
      /** @description JSON Schema of the values a cluster may set */
      valuesSchema: {
        [key: string]: unknown;
      };
      /** @description what is checked in the workload cluster (with the default values) */
      health: components["schemas"]["AddonHealthCheck"][];
    };
    AddonHealthCheck: {
      /** @enum {string} */
      kind: "DaemonSet" | "Deployment" | "StorageClass" | "CSIDriver" | "CustomResourceDefinition";
      namespace?: string;
      name: string;
      /** @description what must be true of it: ready on every node, all replicas ready, present, established */
      rule: string;
      provisioner?: string;
      isDefault?: boolean;
      reclaimPolicy?: string;
      allowVolumeExpansion?: boolean;
    };
    StorageProfile: {
      name: string;
      domain: string;
      description?: string;
      cephClusterId: string;
      monitors: string[];
      pool: string;
      userId: string;
      /**
       * @description the key is stored (encrypted); it is never returned
       * @enum {boolean}
       */
      userKeySet: true;
      default: boolean;
      clusterCount: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    StorageProfilePage: {
      items: components["schemas"]["StorageProfile"][];
      nextCursor: string | null;
    };
    ClusterTemplateVersion: {
      name: string;
      domain: string;
      version: string;
      description?: string;
      parameters: components["schemas"]["ClusterTemplateParameter"][];
      spec: {
        [key: string]: unknown;
      };
      deprecated: boolean;
      publishedAt: string;
      publishedBy: string;
    };
    ClusterTemplateParameter: {
      name: string;
      /** @enum {string} */
      type: "string" | "integer" | "boolean";
      description?: string;
      default?: string | number | boolean;
      allowed?: (string | number | boolean)[];
      minimum?: number;
      maximum?: number;
    };
    ClusterTemplatePage: {
      items: components["schemas"]["ClusterTemplate"][];
      nextCursor: string | null;
    };
    ClusterTemplate: {
      name: string;
      domain: string;
      description?: string;
      offeredTo: {
        allProjects: boolean;
        projects: string[];
      };
      /** @description the newest version that is not deprecated; null when every version is */
      latest: string | null;
      versions: {
        version: string;
        deprecated: boolean;
        publishedAt: string;
      }[];
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    OfferedClusterTemplates: {
      items: components["schemas"]["ClusterTemplate"][];
    };
    BackupLocation: {
      name: string;
      domain: string;
      project: string;
      description?: string;
      /** @enum {string} */
      provider: "aws";
      bucket: string;
      /** @description without a trailing slash; absent: the whole bucket */
      prefix?: string;
      region: string;
      endpoint?: string;
      s3ForcePathStyle: boolean;
      caBundle?: string;
      /**
       * @description the keys are stored (encrypted); they are never returned
       * @enum {boolean}
       */
      credentialsSet: true;
      default: boolean;
      /** @description when the control plane last wrote and removed a probe object with the keys */
      verifiedAt: string;
      /** @description the project's clusters that run Velero, with the location's phase as Velero last reported it there */
      clusters: {
        clusterId: string;
        cluster: string;
        /** @enum {string} */
        phase: "Available" | "Unavailable" | "Pending";
        lastValidationTime?: string;
        message?: string;
      }[];
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    BackupLocationPage: {
      items: components["schemas"]["BackupLocation"][];
      nextCursor: string | null;
    };
    SignInConfig: {
      providers: {
        identityProvider: string;
        domain?: string;
        displayName: string;
        issuer: string;
        discoveryUrl: string;
        /** @description a public client: authorization code with PKCE (console), device flow (ckpctl); no secret */
        clientId: string;
        scopes: string[];
        /**
         * @description which token of the sign-in to send as Authorization: Bearer
         * @enum {string}
         */
        bearer: "id_token" | "access_token";
        /** @description for bearer access_token: the resource (RFC 8707) / audience to request */
        resource?: string;
        /** @description the IdP's authorization endpoint, from its discovery document (absent while the IdP cannot be reached) */
        authorizationEndpoint?: string;
        /** @description where a sign-out ends the person's session at the IdP, if it has one */
        endSessionEndpoint?: string;
      }[];
    };
    SignInTokens: {
      /** @description send this as Authorization: Bearer (the token the IdP's `bearer` names) */
      token: string;
      idToken?: string;
      accessToken?: string;
      refreshToken?: string;
      /** @description seconds until `token` runs out: refresh before */
      expiresIn: number;
    };
    SignInTokenRequest:
      | {
          /** @enum {string} */
          grantType: "authorization_code";
          /** @description as GET /v1/auth/config names it */
          identityProvider: string;
          /** @description the authorization code the IdP sent back */
          code: string;
          /** @description the PKCE code verifier (RFC 7636: 43–128 characters of A–Z a–z 0–9 - . _ ~) */
          codeVerifier: string;
          /**
           * Format: uri
           * @description the redirect URI the authorization request named
           */
          redirectUri: string;
        }
      | {
          /** @enum {string} */
          grantType: "refresh_token";
          identityProvider: string;
          refreshToken: string;
        };
    IdentityProvider: {
      name: string;
      /** @description absent for a platform identity provider */
      domain?: string;
      displayName?: string;
      issuer: string;
      clientId: string;
      audiences: string[];
      resource?: string;
      /** @enum {string} */
      bearer: "id_token" | "access_token";
      scopes: string[];
      claims: components["schemas"]["IdentityProviderClaims"];
      clockSkewSeconds: number;
      /** @description role bindings naming it; it cannot be deleted while > 0 */
      bindingCount: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
    IdentityProviderClaims: {
      user: string;
      groups: string;
      name: string;
      email: string;
    };
    IdentityProviderPage: {
      items: components["schemas"]["IdentityProvider"][];
      nextCursor: string | null;
    };
    RoleBinding: {
      id: string;
      /** @description <name> of a platform IdP, <domain>/<name> of a domain's */
      identityProvider: string;
      group?: string;
      user?: string;
      /** @enum {string} */
      role: "viewer" | "project-member" | "project-admin" | "domain-admin" | "platform-admin";
      domain?: string;
      project?: string;
      createdAt: string;
      createdBy: string;
    };
    RoleBindingPage: {
      items: components["schemas"]["RoleBinding"][];
      nextCursor: string | null;
    };
    ImportedClusterCreated: {
      id: string;
      /** @enum {string} */
      type: "imported";
      domain: string;
      project: string;
      name: string;
      description?: string;
      labels: {
        [key: string]: string;
      };
      /**
       * @description kubeconfig: imported, reached directly; agent: registered, reached through its agent
       * @enum {string}
       */
      access: "kubeconfig" | "agent";
      /** @description the API server URL (kubeconfig only); credentials are never returned */
      server?: string;
      /** @description what was last read from the cluster */
      observed?: {
        kubernetesVersion?: string;
        nodeCount?: number;
        readyNodes?: number;
        checkedAt: string;
      };
      /** @description addons enabled on the cluster (Velero only): PATCH …/addons/velero */
      addons?: {
        velero?: components["schemas"]["ImportedClusterAddon"];
      };
      createdAt: string;
      updatedAt: string;
      version: number;
      /** @description registered (no kubeconfig): how to install its agent */
      agent?: {
        /** @description the registration token (ckpreg_…): single use, bound to this cluster; shown once */
        token: string;
        tokenId: string;
        expiresAt: string;
        /** @description YAML for kubectl apply -f: the agent's namespace, RBAC, token and Deployment */
        manifest: string;
        command: string;
      };
    };
    ImportedClusterPage: {
      items: components["schemas"]["ImportedCluster"][];
      nextCursor: string | null;
    };
    ImportedClusterWithLiveState: {
      id: string;
      /** @enum {string} */
      type: "imported";
      domain: string;
      project: string;
      name: string;
      description?: string;
      labels: {
        [key: string]: string;
      };
      /**
       * @description kubeconfig: imported, reached directly; agent: registered, reached through its agent
       * @enum {string}
       */
      access: "kubeconfig" | "agent";
      /** @description the API server URL (kubeconfig only); credentials are never returned */
      server?: string;
      /** @description what was last read from the cluster */
      observed?: {
        kubernetesVersion?: string;
        nodeCount?: number;
        readyNodes?: number;
        checkedAt: string;
      };
      /** @description addons enabled on the cluster (Velero only): PATCH …/addons/velero */
      addons?: {
        velero?: components["schemas"]["ImportedClusterAddon"];
      };
      createdAt: string;
      updatedAt: string;
      version: number;
      live: {
        reachable: boolean;
        checkedAt: string;
        kubernetesVersion?: string;
        nodes?: {
          name: string;
          roles: string[];
          ready: boolean;
          kubeletVersion?: string;
        }[];
        health: {
          apiServerReady: boolean;
          nodesReady?: number;
          nodesTotal?: number;
        };
        tunnel?: components["schemas"]["TunnelState"];
        message?: string;
        /** @enum {string} */
        reason?: "TunnelDisconnected" | "Unreachable" | "CredentialsRefused";
      };
    };
    ImportedClusterAddonChange: {
      enabled?: boolean;
      /** @description Velero's values (GET /v1/addons); they replace the previous ones, and defaults fill what is left out */
      values?: {
        /**
         * @description run Velero's node agent (file-system backups of volumes) on every node
         * @default false
         */
        deployNodeAgent: boolean;
        /**
         * @description take CSI volume snapshots during backups
         * @default false
         */
        snapshotsEnabled: boolean;
        /** @default false */
        defaultVolumesToFsBackup: boolean;
      };
    };
    ClusterAgentRegistration: {
      clusterId: string;
      /** @enum {string} */
      clusterKind: "management" | "imported";
      domain?: string;
      project?: string;
      /** @description PEM client certificate for the agent (the installation's CA, ten years) */
      certificate: string;
      serial: string;
      caCertificate: string;
      /** @description base URL of the mTLS endpoint where the agent buys its WebSocket tickets */
      agentApiUrl: string;
    };
    TunnelTicket: {
      ticket: string;
      expiresAt: string;
      /** @description WebSocket URL; connect with ?ticket= */
      url: string;
    };
    PackageKey: {
      /** @description upper-case hex fingerprint of the primary key */
      fingerprint: string;
      /** @description the armored public key */
      publicKey: string;
      userIds: string[];
      algorithm: string;
      /** @description when the key was made (from the key) */
      createdAt: string;
      comment?: string;
      /**
       * @description agents trust active keys only
       * @enum {string}
       */
      status: "active" | "retired";
      addedAt: string;
      addedBy: string;
      retiredAt?: string;
      retiredBy?: string;
    };
    KubernetesRelease: {
      version: string;
      etcd: string;
      coredns: string;
      pause: string;
      containerd: string;
      cri: string;
      cni: {
        cilium: string;
        calico: string;
        flannel: string;
      };
      cncfCertified: boolean;
      /** @enum {string} */
      status: "supported" | "latest";
      upgradeTargets: string[];
    };
    ByohBundle: {
      /** @description the registry path BYOH looks bundles up under (bundleRepo) */
      repository: string;
      /** @description the bundle image, e.g. docker.io/coredgeio/byoh-bundle-ubuntu_20.04.1_x86-64_k8s:v1.31.2 */
      ociReference: string;
      digest: string;
      /**
       * @default [
       *       "amd64"
       *     ]
       */
      architectures: ("amd64" | "arm64")[];
      /** @description package → version, e.g. kubeadm: 1.31.2-ckp */
      packages: {
        [key: string]: string;
      };
      kubernetesVersion: string;
      os: string;
      publishedAt: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
