/**
 * `SDK-HMAC-SHA256`, the API gateway's AK/SK request signing (api-facts section 4), as pure
 * functions plus an openapi-fetch middleware. The steps are those of the vendor SDK's signer;
 * `tests/vectors/signing.json` (computed by that signer) holds this module to its answers.
 */
import { createHash, createHmac } from "node:crypto";

import type { Middleware } from "openapi-fetch";

export const ALGORITHM = "SDK-HMAC-SHA256";
export const DATE_HEADER = "X-Sdk-Date";

/** Transport headers a proxy may rewrite: signing them would break an innocent rewrite. */
const UNSIGNED = new Set([
  "authorization", "connection", "keep-alive", "te", "upgrade", "transfer-encoding", "content-length",
  "accept-encoding",
]);
const UNRESERVED = /[A-Za-z0-9\-_.~]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8"); // not fatal: invalid UTF-8 becomes U+FFFD, as in Python

/** Percent-decode like Python's `unquote`: invalid escapes stay as they are. */
function unquote(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const point = text.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(point);
      bytes.push(...encoder.encode(char));
      i += char.length;
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}

/** Percent-encode every byte but the unreserved characters (`encodeURIComponent` keeps `!*'()`). */
function encode(text: string): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Decode the wire path, re-encode each segment and end it with `/`. */
export function canonicalUri(path: string): string {
  const encoded = unquote(path).split("/").map(encode).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Code-point order (UTF-8 byte order), as Python sorts strings; JavaScript's `<` compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The decoded query pairs sorted by key then value, encoded and joined with `&`. */
export function canonicalQuery(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort((x, y) => compareCodePoints(x[0], y[0]) || compareCodePoints(x[1], y[1]))
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .join("&");
}

/** Every header name lower-cased and sorted, except those containing `_`. */
export function signedHeaderNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((name) => name.toLowerCase()).filter((name) => !name.includes("_")))].sort(
    compareCodePoints,
  );
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The request as signed; `headers` keyed by lower-case name. */
export interface SigningInput {
  method: string;
  path: string;
  query: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string>>;
  body?: Uint8Array;
}

/** The canonical request the signature covers. */
export function canonicalRequest(input: SigningInput, signed: readonly string[]): string {
  const headers = signed.map((name) => `${name}:${(input.headers[name] ?? "").trim()}\n`).join("");
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query),
    headers,
    signed.join(";"),
    sha256Hex(input.body ?? new Uint8Array()),
  ].join("\n");
}

/** The text the HMAC is computed over. */
export function stringToSign(canonical: string, sdkDate: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** The `Authorization` value for a request whose headers already hold `host` and `x-sdk-date`. */
export function authorization(accessKey: string, secretKey: string, input: SigningInput): string {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) lowered[name.toLowerCase()] = value;
  const signed = signedHeaderNames(Object.keys(lowered));
  const text = stringToSign(canonicalRequest({ ...input, headers: lowered }, signed), lowered["x-sdk-date"] ?? "");
  const signature = createHmac("sha256", encoder.encode(secretKey)).update(text).digest("hex");
  return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(moment: Date): string {
  return moment.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** An access key pair, with a security token when temporary. */
export interface AccessKeyCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string | undefined;
}

/**
 * Signs a Fetch `Request` in place: adds `X-Sdk-Date` (unless present, so a caller can pin
 * it), `X-Security-Token` for temporary keys, then `Authorization` over every header but the
 * transport ones, plus `Host` (which fetch sends from the URL and will not let us set).
 */
export async function signRequest(
  request: Request,
  credentials: AccessKeyCredentials,
  now: () => Date = () => new Date(),
): Promise<Request> {
  if (!request.headers.has(DATE_HEADER)) request.headers.set(DATE_HEADER, formatSdkDate(now()));
  if (credentials.securityToken) request.headers.set("X-Security-Token", credentials.securityToken);
  request.headers.delete("Authorization");
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, name) => {
    if (!UNSIGNED.has(name)) headers[name] = value;
  });
  const body = request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer());
  const query = [...url.searchParams.entries()];
  const input: SigningInput = { method: request.method, path: url.pathname, query, headers };
  if (body !== undefined) input.body = body;
  request.headers.set("Authorization", authorization(credentials.accessKey, credentials.secretKey, input));
  return request;
}

/** openapi-fetch middleware that signs every request with the key pair. */
export function akskMiddleware(credentials: AccessKeyCredentials, now?: () => Date): Middleware {
  return {
    async onRequest({ request }) {
      return signRequest(request, credentials, now);
    },
  };
}

/** openapi-fetch middleware that sends an IAM token as `X-Auth-Token`. */
export function tokenMiddleware(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("X-Auth-Token", token);
      return request;
    },
  };
}
