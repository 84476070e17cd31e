import { create, type DescExtension, type DescFile, type DescMessage, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectRouter } from "@connectrpc/connect";
import * as v1 from "./gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "./gen/grpc/reflection/v1alpha/reflection_pb.js";

/**
 * gRPC server reflection (grpc.reflection.v1, and v1alpha for older
 * clients), answered from the descriptors the generated code embeds:
 * grpcurl, grpc_cli and Postman discover the services without .proto files.
 * Connect for TypeScript has no reflection of its own, and no maintained
 * package for it is on the npm registry; the protocol is small (five
 * queries on one bidirectional stream), so it is implemented here.
 *
 * A file is answered with the files it imports, transitively, less those
 * already sent on the same stream (as grpc-go does); a file asked for by name
 * is always sent. Reflection needs no token: it tells what the .proto files
 * in the repository tell (as /v1/openapi.json does for REST).
 */
interface Index {
  files: Map<string, DescFile>;
  symbols: Map<string, DescFile>;
  extensions: DescExtension[];
  services: string[];
}

function indexOf(roots: DescFile[]): Index {
  const ix: Index = { files: new Map(), symbols: new Map(), extensions: [], services: [] };
  const addMessage = (f: DescFile, m: DescMessage) => {
    ix.symbols.set(m.typeName, f);
    for (const n of m.nestedMessages) addMessage(f, n);
    for (const e of m.nestedEnums) ix.symbols.set(e.typeName, f);
    for (const x of m.nestedExtensions) {
      ix.symbols.set(x.typeName, f);
      ix.extensions.push(x);
    }
  };
  const add = (f: DescFile) => {
    if (ix.files.has(f.proto.name)) return;
    ix.files.set(f.proto.name, f);
    for (const d of f.dependencies) add(d);
    for (const m of f.messages) addMessage(f, m);
    for (const e of f.enums) ix.symbols.set(e.typeName, f);
    for (const x of f.extensions) {
      ix.symbols.set(x.typeName, f);
      ix.extensions.push(x);
    }
    for (const s of f.services) {
      ix.symbols.set(s.typeName, f);
      for (const m of s.methods) ix.symbols.set(`${s.typeName}.${m.name}`, f);
    }
  };
  for (const f of roots) {
    add(f);
    for (const s of f.services) ix.services.push(s.typeName);
  }
  return ix;
}

type Request = v1.ServerReflectionRequest | v1alpha.ServerReflectionRequest;
type Answer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "allExtensionNumbersResponse"; value: { baseTypeName: string; extensionNumber: number[] } }
  | { case: "listServicesResponse"; value: { service: Array<{ name: string }> } }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

const notFound = (what: string): Answer => ({
  case: "errorResponse",
  value: { errorCode: Code.NotFound, errorMessage: `${what} not found` },
});

/** Answers one request; `sent` holds the files this stream has already sent. */
function answer(ix: Index, req: Request, sent: Set<string>): Answer {
  const files = (f: DescFile): Answer => {
    const out: Uint8Array[] = [];
    const visit = (x: DescFile, asked: boolean) => {
      if (!asked && sent.has(x.proto.name)) return;
      sent.add(x.proto.name);
      out.push(toBinary(FileDescriptorProtoSchema, x.proto));
      for (const d of x.dependencies) visit(d, false);
    };
    visit(f, true);
    return { case: "fileDescriptorResponse", value: { fileDescriptorProto: out } };
  };
  const r = req.messageRequest;
  switch (r.case) {
    case "listServices":
      return { case: "listServicesResponse", value: { service: ix.services.map((name) => ({ name })) } };
    case "fileByFilename": {
      const f = ix.files.get(r.value);
      return f ? files(f) : notFound(`file ${r.value}`);
    }
    case "fileContainingSymbol": {
      // a method or a field is named under its service or message
      const name = r.value.replace(/^\./, "");
      const f = ix.symbols.get(name) ?? ix.symbols.get(name.slice(0, Math.max(0, name.lastIndexOf("."))));
      return f ? files(f) : notFound(`symbol ${r.value}`);
    }
    case "fileContainingExtension": {
      const x = ix.extensions.find((e) => e.extendee.typeName === r.value.containingType && e.number === r.value.extensionNumber);
      return x ? files(x.file) : notFound(`extension ${r.value.extensionNumber} of ${r.value.containingType}`);
    }
    case "allExtensionNumbersOfType": {
      if (!ix.symbols.has(r.value)) return notFound(`type ${r.value}`);
      const numbers = ix.extensions.filter((e) => e.extendee.typeName === r.value).map((e) => e.number);
      return { case: "allExtensionNumbersResponse", value: { baseTypeName: r.value, extensionNumber: numbers } };
    }
    default:
      return { case: "errorResponse", value: { errorCode: Code.InvalidArgument, errorMessage: "the request names no query" } };
  }
}

/**
 * Registers reflection (v1 and v1alpha) for the services of `files` and for
 * itself. `extra` files have no service but types clients look up by name:
 * the error details (google.rpc.*) that statuses carry as Any.
 */
export function registerReflection(router: ConnectRouter, files: DescFile[], extra: DescFile[] = []): void {
  const ix = indexOf([...files, v1.file_grpc_reflection_v1_reflection, v1alpha.file_grpc_reflection_v1alpha_reflection]);
  for (const f of extra) {
    const more = indexOf([f]);
    for (const [k, v] of more.files) ix.files.set(k, v);
    for (const [k, v] of more.symbols) ix.symbols.set(k, v);
  }
  router.service(v1.ServerReflection, {
    async *serverReflectionInfo(requests) {
      const sent = new Set<string>();
      for await (const req of requests) {
        yield create(v1.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          messageResponse: answer(ix, req, sent),
        });
      }
    },
  });
  router.service(v1alpha.ServerReflection, {
    async *serverReflectionInfo(requests) {
      const sent = new Set<string>();
      for await (const req of requests) {
        yield create(v1alpha.ServerReflectionResponseSchema, {
          validHost: req.host,
          originalRequest: req,
          messageResponse: answer(ix, req, sent),
        });
      }
    },
  });
}
