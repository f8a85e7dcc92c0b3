/**
 * How requests leave the process: undici's `fetch` (the npm package, pinned) over an
 * `EnvHttpProxyAgent`, so the standard proxy variables and an explicit proxy work as every
 * Node tool does it (Node 20's global `fetch` ignores them), redirects never followed (a
 * credential must never reach a host other than the endpoint), and an optional CA bundle for
 * endpoints behind a private CA.
 *
 * Which proxy applies (the proxy setting, else the standard variables with NO_PROXY, never for
 * loopback) is the settings rule `proxy_from_standard_environment`, applied in `resolve.ts`.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";

import { ProxyError, ValidationError } from "./errors.js";
import { safeUrl } from "./text.js";

export interface TransportOptions {
  /** The proxy for the endpoint (`http://user:pass@proxy:3128`), or null to connect directly. */
  proxy: string | null;
  /** PEM text of the CA certificates to trust instead of the system's (a private CA). */
  caBundle?: string | null | undefined;
  /** Turn TLS certificate verification off (never in production). */
  insecure?: boolean | undefined;
}

/** An `http://` or `https://` proxy URL; anything else is refused naming the setting. */
export function validateProxy(text: string, field = "proxy"): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, `must be a URL such as http://proxy.example:3128 (got ${safeUrl(text)})`, "proxy_url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(field, `must use http:// or https:// (got ${safeUrl(text)})`, "proxy_url");
  }
  return text;
}

/** A fetch for openapi-fetch: through the routes' proxies, never following a redirect. */
export function createFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  const proxy = options.proxy === null ? "" : validateProxy(options.proxy);
  const tls = { ...(options.caBundle ? { ca: options.caBundle } : {}), ...(options.insecure ? { rejectUnauthorized: false } : {}) };
  // The proxy is already the one for this endpoint (resolve.ts applied NO_PROXY and loopback),
  // so it is given for both schemes and the agent reads no variable itself.
  // requestTls: the endpoint's TLS inside a CONNECT tunnel; connect: a direct connection's.
  const dispatcher: Dispatcher = new EnvHttpProxyAgent({
    httpProxy: proxy,
    httpsProxy: proxy,
    noProxy: "",
    connect: tls,
    requestTls: tls,
    // Plain http in absolute-form, as proxies expect it (undici tunnels everything by default).
    proxyTunnel: false,
  } as EnvHttpProxyAgent.Options);
  const fetch = async (request: Request): Promise<Response> => {
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers.entries()],
      signal: request.signal,
      redirect: "manual",
      dispatcher,
    });
    return response as unknown as Response;
  };
  return fetch;
}

/**
 * The proxy's refusal hidden in a fetch failure (undici reports a 407 or a refused tunnel as
 * the cause of its `TypeError: fetch failed`), as a `ProxyError`; null when it is not one.
 */
export function proxyRefusal(error: unknown, proxy: string | null): ProxyError | null {
  if (proxy === null) return null;
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const status = /\((\d{3})\)/.exec(cause.message)?.[1];
    if (status === "407") return new ProxyError(proxy, 407, "407 Proxy Authentication Required: its credentials are missing or wrong");
    if (status !== undefined && /tunnel/i.test(cause.message)) {
      return new ProxyError(proxy, Number(status), `refused the tunnel with HTTP ${status}`);
    }
  }
  return null;
}
