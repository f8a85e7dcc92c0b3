/**
 * How requests leave the process: undici's `fetch` (the npm package, pinned) over an
 * `EnvHttpProxyAgent`, so the standard proxy variables and an explicit proxy work as every
 * Node tool does it (Node 20's global `fetch` ignores them), redirects never followed (a
 * credential must never reach a host other than the endpoint), and an optional CA bundle for
 * endpoints behind a private CA.
 *
 * Proxy variables, lower case before upper case (as curl and undici read them):
 * `https_proxy` for https endpoints, `http_proxy` for http ones, `all_proxy` for either when
 * the specific one is unset, `no_proxy` for hosts reached directly. An explicit `proxy`
 * wins over all of them and applies to every endpoint.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";

import { ProxyError, ValidationError } from "./errors.js";
import { safeUrl } from "./text.js";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface TransportOptions {
  /** A proxy URL (`http://user:pass@proxy:3128`) for every request; wins over the variables. */
  proxy?: string | undefined;
  /** Where proxy variables are read (default `process.env`). */
  env?: Environment | undefined;
  /** PEM text of the CA certificates to trust instead of the system's (a private CA). */
  caBundle?: string | undefined;
}

/** The proxies in effect: for http and https endpoints, and the hosts reached directly. */
export interface ProxyRoutes {
  http: string;
  https: string;
  noProxy: string;
}

function variable(env: Environment, name: string): string {
  return (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? "").trim();
}

/** An `http://` or `https://` proxy URL; anything else is refused naming the setting. */
export function validateProxy(text: string, field: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, `must be a URL such as http://proxy.example:3128 (got ${safeUrl(text)})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(field, `must use http:// or https:// (got ${safeUrl(text)})`);
  }
  return text;
}

/** The proxy routes from an explicit proxy, else from the environment's variables. */
export function proxyRoutes(options: TransportOptions): ProxyRoutes {
  if (options.proxy) {
    const proxy = validateProxy(options.proxy, "proxy");
    return { http: proxy, https: proxy, noProxy: "" };
  }
  const env = options.env ?? process.env;
  const all = variable(env, "all_proxy");
  const checked = (name: string) => {
    const value = variable(env, name) || all;
    return value ? validateProxy(value, variable(env, name) ? name.toUpperCase() : "ALL_PROXY") : "";
  };
  return { http: checked("http_proxy"), https: checked("https_proxy"), noProxy: variable(env, "no_proxy") };
}

function bypassed(host: string, noProxy: string): boolean {
  const entries = noProxy.split(/[\s,]+/).filter(Boolean);
  if (entries.includes("*")) return true;
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return entries.some((entry) => {
    const name = entry.replace(/:\d+$/, "").replace(/^\*?\./, "").toLowerCase();
    return bare === name || bare.endsWith(`.${name}`);
  });
}

/** The proxy a request to `url` goes through (its credentials masked), or null when direct. */
export function proxyFor(routes: ProxyRoutes, url: string): string | null {
  const target = new URL(url);
  const proxy = target.protocol === "https:" ? routes.https : routes.http;
  if (!proxy || bypassed(target.hostname, routes.noProxy)) return null;
  return safeUrl(proxy);
}

/** A fetch for openapi-fetch: through the routes' proxies, never following a redirect. */
export function createFetch(options: TransportOptions): { fetch: (request: Request) => Promise<Response>; routes: ProxyRoutes } {
  const routes = proxyRoutes(options);
  const tls = options.caBundle === undefined ? {} : { ca: options.caBundle };
  // requestTls: the endpoint's TLS inside a CONNECT tunnel; connect: a direct connection's.
  const dispatcher: Dispatcher = new EnvHttpProxyAgent({
    httpProxy: routes.http,
    httpsProxy: routes.https,
    noProxy: routes.noProxy,
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
  return { fetch, routes };
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
