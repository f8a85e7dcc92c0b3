/**
 * The client people use: typed requests from the generated `paths`, AK/SK signing or a token
 * as openapi-fetch middleware, retries inside a deadline, and `listAllReplications`, which
 * returns every task of an instance normalized by the generated view.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import {
  ApiError, MalformedResponseError, ProxyError, RedirectError, TaurusDBError, ThrottledError, TransportError, ValidationError,
} from "./errors.js";
import { Condition, type ListingSummary, summarize } from "./condition.js";
import { parseExactJson } from "./json.js";
import { type ListedPage, snapshot } from "./listing.js";
import { parseCount, parseText, type WireObject } from "./normalize.js";
import { Deadline, type RetryOptions, parseRetryAfter, retryOptions, withRetries } from "./retry.js";
import type { paths } from "./schema.js";
import { type Environment, type ExplicitSettings, proxyFromStandardEnvironment } from "./resolve.js";
import { type Credentials, settingsFromEnv, validateEndpoint, validateInstanceId, validateProjectId } from "./settings.js";
import { akskMiddleware, tokenMiddleware } from "./signing.js";
import { Redactor, safeUrl } from "./text.js";
import { createFetch, proxyRefusal } from "./transport.js";
import { type Replication, normalizeReplication } from "./view.gen.js";
import { pollUntil, type WaitOptions, type WaitResult } from "./wait.js";

/** The one operation's path template, as written in the spec. */
export const LIST_REPLICATIONS_PATH = "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication" as const;

export interface ReplicationClientOptions {
  /** Endpoint, e.g. `https://gaussdb.cn-north-4.myhuaweicloud.com` or an emulator URL. */
  baseUrl: string;
  /** IAM token sent as `X-Auth-Token` (when `credentials` is not given). */
  token?: string;
  /** A key pair (signed with SDK-HMAC-SHA256) or a token. */
  credentials?: Credentials;
  /**
   * A proxy URL for every request (`http://user:pass@proxy:3128`); when absent, the standard
   * variables of `env` apply (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, either
   * case; never for a loopback endpoint).
   */
  proxy?: string | null | undefined;
  /** Where the standard proxy variables are read (default `process.env`). */
  env?: Environment | undefined;
  /** PEM text of the CA certificates to trust for the endpoint (a private CA). */
  caBundle?: string | null | undefined;
  /** Turn TLS certificate verification off (never in production). */
  insecure?: boolean | undefined;
  /** Replaces the transport (then `proxy`, `env`, `caBundle` and `insecure` are not used). */
  fetch?: ClientOptions["fetch"];
}

function credentialsOf(options: ReplicationClientOptions): Credentials {
  const credentials: Credentials | undefined =
    options.credentials ?? (options.token ? { kind: "token", token: options.token } : undefined);
  if (credentials === undefined) throw new ValidationError("credentials", "give a key pair or a token");
  return credentials;
}

/** Every secret of the credentials, for the redactor. */
function secretsOf(credentials: Credentials): (string | undefined)[] {
  return credentials.kind === "aksk" ? [credentials.secretKey, credentials.securityToken] : [credentials.token];
}

/** The password of a proxy URL, as written and decoded, for the redactor. */
function proxySecrets(proxy: string | null | undefined): string[] {
  if (!proxy) return [];
  try {
    const { password } = new URL(proxy);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** The wiring both clients share: the transport, the auth middleware and the redactor. */
function build(options: ReplicationClientOptions): { client: Client<paths>; proxy: string | null; redactor: Redactor } {
  // redirect "manual": openapi-fetch asks fetch to follow, which would hand the credentials
  // (X-Auth-Token, or a signature) to whatever host the Location names.
  const baseUrl = validateEndpoint(options.baseUrl, "baseUrl");
  const clientOptions: ClientOptions = { baseUrl, redirect: "manual" };
  let chosen: string | null = null;
  if (options.fetch !== undefined) clientOptions.fetch = options.fetch;
  else {
    chosen = options.proxy ?? (proxyFromStandardEnvironment(baseUrl, options.env ?? process.env).value as string | null);
    clientOptions.fetch = createFetch({ proxy: chosen, caBundle: options.caBundle, insecure: options.insecure });
  }
  const client = createClient<paths>(clientOptions);
  const credentials = credentialsOf(options);
  const redactor = new Redactor([...secretsOf(credentials), ...proxySecrets(chosen)]);
  client.use(credentials.kind === "aksk" ? akskMiddleware(credentials) : tokenMiddleware(credentials.token));
  client.use({
    onRequest({ request }) {
      // A signature exists only now: remember it, so an echo of it is blanked from messages.
      const signature = /Signature=([0-9a-f]+)/.exec(request.headers.get("Authorization") ?? "")?.[1];
      redactor.add(signature, true);
      return undefined;
    },
  });
  return { client, proxy: chosen === null ? null : safeUrl(chosen), redactor };
}

/** An openapi-fetch client whose calls are typed by the generated `paths`, authenticated. */
export function createReplicationClient(options: ReplicationClientOptions): Client<paths> {
  return build(options).client;
}

export interface ListOptions {
  /** Tasks per request, 1 to 100. */
  pageSize: number;
  /** Pages in flight at once. */
  concurrency: number;
  maxPages: number;
  maxRescans: number;
}

export const DEFAULT_LIST: Readonly<ListOptions> = { pageSize: 100, concurrency: 16, maxPages: 10_000, maxRescans: 3 };

export interface ReplicationsOptions extends ReplicationClientOptions {
  projectId: string;
  retry?: Partial<RetryOptions>;
  list?: Partial<ListOptions>;
  /** `HW_MAX_RETRIES` as people set it; `retry.maxAttempts` wins. */
  maxRetries?: number | null;
  /** Language of the service's error messages, sent as `X-Language` (default `en-us`). */
  language?: "en-us" | "zh-cn";
}

/**
 * The error body's fields (openapi-fetch hands it parsed when it is JSON, as text when not),
 * redacted and made terminal-safe: service text is untrusted.
 */
function errorFor(response: Response, body: unknown, redactor: Redactor): ApiError {
  const fields: WireObject = typeof body === "object" && body !== null ? (body as WireObject) : {};
  const clean = (value: string | null) => (value === null ? null : redactor.clean(value));
  const requestId = clean(parseText(fields["request_id"]) ?? response.headers.get("X-Request-Id"));
  const code = clean(parseText(fields["error_code"]));
  const message = clean(parseText(fields["error_msg"]));
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("Location");
    return new RedirectError(response.status, location === null ? null : redactor.clean(safeUrl(location)), requestId);
  }
  if (response.status === 429) {
    return new ThrottledError(code, message, requestId, parseRetryAfter(response.headers.get("Retry-After")));
  }
  return new ApiError(response.status, code, message, requestId);
}

function causes(error: unknown): string {
  const parts: string[] = [];
  for (let cause = error instanceof Error ? error.cause : undefined; cause instanceof Error; cause = cause.cause) {
    parts.push(cause.message);
  }
  return parts.length ? `: ${parts.join(": ")}` : "";
}

function transportError(error: unknown, signal: AbortSignal, proxy: string | null, redactor: Redactor): TaurusDBError {
  if (signal.aborted) {
    return signal.reason instanceof TaurusDBError ? signal.reason : new TransportError("the request was abandoned");
  }
  const refused = proxyRefusal(error, proxy);
  if (refused !== null) return refused;
  const via = proxy === null ? "" : ` (through proxy ${proxy})`;
  return new TransportError(redactor.clean(`the request failed before an answer${via}${causes(error)}`));
}

/** Lists and reads replication tasks with retries, a deadline and consistent full listings. */
export class ReplicationsClient {
  readonly raw: Client<paths>;
  readonly projectId: string;
  private readonly retry: RetryOptions;
  private readonly list: ListOptions;
  private readonly language: "en-us" | "zh-cn";
  /** The proxy requests go through (credentials masked), or null when they go direct. */
  readonly proxy: string | null;
  private readonly redactor!: Redactor;

  constructor(options: ReplicationsOptions) {
    const built = build(options);
    this.raw = built.client;
    this.proxy = built.proxy;
    Object.defineProperty(this, "redactor", { value: built.redactor, enumerable: false });
    this.projectId = validateProjectId(options.projectId);
    this.retry = retryOptions(options.retry, options.maxRetries ?? null);
    this.list = { ...DEFAULT_LIST, ...options.list };
    this.language = options.language ?? "en-us";
    if (this.language !== "en-us" && this.language !== "zh-cn") throw new ValidationError("language", "must be en-us or zh-cn", "language");
    if (!Number.isInteger(this.list.pageSize) || this.list.pageSize < 1 || this.list.pageSize > 100) {
      throw new ValidationError("pageSize", "must be an integer from 1 to 100");
    }
  }

  /**
   * A client from the settings people already have (see `settingsFromEnv`): `explicit` values
   * by setting name (`region`, `authToken`, `requestTimeout`, ...), then the environment, then
   * the profile file; `options` override the result.
   */
  static fromEnv(env: Environment = process.env, options: Partial<ReplicationsOptions> = {}, explicit: ExplicitSettings = {}) {
    const settings = settingsFromEnv(env, explicit);
    return new ReplicationsClient({
      env,
      baseUrl: settings.endpoint,
      projectId: settings.projectId,
      credentials: settings.credentials,
      maxRetries: settings.maxRetries,
      proxy: settings.proxy,
      caBundle: settings.caBundle,
      insecure: settings.insecure,
      language: settings.language,
      ...options,
      retry: { requestTimeout: settings.requestTimeout, ...options.retry },
      list: { concurrency: settings.concurrency, ...options.list },
    });
  }

  private async attempt(instanceId: string, offset: number, limit: number, signal: AbortSignal): Promise<ListedPage<Replication>> {
    let result;
    const proxy = this.proxy;
    try {
      result = await this.raw.GET(LIST_REPLICATIONS_PATH, {
        params: {
          path: { project_id: this.projectId, instance_id: instanceId },
          query: { limit, offset },
          header: { "X-Language": this.language },
        },
        parseAs: "text",
        signal,
      });
    } catch (error) {
      throw transportError(error, signal, proxy, this.redactor);
    }
    const { response } = result;
    if (response.status === 407 && proxy !== null) {
      throw new ProxyError(proxy, 407, "407 Proxy Authentication Required: its credentials are missing or wrong");
    }
    if (!response.ok) throw errorFor(response, result.error, this.redactor);
    const rawRequestId = response.headers.get("X-Request-Id");
    const requestId = rawRequestId === null ? null : this.redactor.clean(rawRequestId);
    let body: unknown;
    try {
      body = parseExactJson(String(result.data ?? ""));
    } catch {
      const media = (response.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (media && media !== "application/json" && !media.endsWith("+json")) {
        // A captive portal's, a proxy's or a gateway's page: the same on retry.
        const reason = `the body is ${this.redactor.clean(media)}, not JSON (a captive portal, a proxy's or a gateway's page?)`;
        throw new MalformedResponseError(response.status, reason, requestId, false);
      }
      throw new MalformedResponseError(response.status, "the body is not JSON (cut short?)", requestId);
    }
    const tasks = (body as WireObject | null)?.["replications"];
    if (typeof body !== "object" || body === null || !Array.isArray(tasks)) {
      throw new MalformedResponseError(response.status, "the body has no 'replications' array", requestId);
    }
    const items = tasks.map((task, index) => {
      if (typeof task !== "object" || task === null || Array.isArray(task)) {
        throw new MalformedResponseError(response.status, `replications[${index}] is not an object`, requestId);
      }
      return normalizeReplication(task as WireObject);
    });
    return { offset, totalCount: parseCount((body as WireObject)["total_count"]), items };
  }

  /** One page, with retries; `deadline` is shared when the page is part of a listing. */
  async listPage(
    instanceId: string,
    offset = 0,
    limit: number = this.list.pageSize,
    deadline: Deadline = new Deadline(this.retry.deadline),
    abandon?: AbortSignal,
  ): Promise<ListedPage<Replication>> {
    validateInstanceId(instanceId);
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError("offset", "must be an integer >= 0");
    return withRetries(
      `page at offset ${offset}`,
      this.retry,
      deadline,
      (signal) => this.attempt(instanceId, offset, limit, signal),
      abandon,
    );
  }

  /** Every task of the instance in one consistent state, normalized; pages read concurrently. */
  async listAllReplications(instanceId: string): Promise<Replication[]> {
    return (await this.listReplicationsWithTotal(instanceId)).items;
  }

  /**
   * Every task (as `listAllReplications`) and the service's `total_count` of the listing (null
   * when it sent none); `deadlineSeconds` bounds the whole listing (default: `retry.deadline`).
   */
  async listReplicationsWithTotal(
    instanceId: string,
    deadlineSeconds: number | null = this.retry.deadline,
  ): Promise<{ items: Replication[]; totalCount: number | null }> {
    validateInstanceId(instanceId);
    const deadline = new Deadline(deadlineSeconds);
    const { pageSize, concurrency, maxPages, maxRescans } = this.list;
    return snapshot(
      (offset, abandon) => this.listPage(instanceId, offset, pageSize, deadline, abandon),
      { pageSize, window: concurrency, maxPages, maxRescans },
    );
  }

  /**
   * Every task and the summary every front end shows: `healthy` (at least one task, all
   * healthy), `unhealthyTasks`, `totalCount` (the service's `total_count`).
   */
  async status(instanceId: string): Promise<ListingSummary & { replications: Replication[] }> {
    const { items, totalCount } = await this.listReplicationsWithTotal(instanceId);
    return { ...summarize(items, totalCount), replications: items };
  }

  /**
   * Poll until `condition` holds (default `new Condition()`: every task caught up); throws
   * `ReplicationFailedError` as soon as a task can no longer meet it and `WaitTimeoutError`
   * when `timeout` runs out (see `wait.ts`).
   */
  async waitFor(instanceId: string, condition: Condition = new Condition(), options: WaitOptions = {}): Promise<WaitResult> {
    validateInstanceId(instanceId);
    return pollUntil(async (remaining) => (await this.listReplicationsWithTotal(instanceId, remaining)).items, condition, options);
  }
}
