/**
 * The client people use: typed requests from the generated `paths`, AK/SK signing or a token
 * as openapi-fetch middleware, retries inside a deadline, and `listAllReplications`, which
 * returns every task of an instance normalized by the generated view.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import { ApiError, MalformedResponseError, ThrottledError, TransportError, ValidationError } from "./errors.js";
import { type ListedPage, snapshot } from "./listing.js";
import { parseCount, parseText, type WireObject } from "./normalize.js";
import { Deadline, type RetryOptions, parseRetryAfter, retryOptions, withRetries } from "./retry.js";
import type { paths } from "./schema.js";
import { type Credentials, settingsFromEnv, validateEndpoint, validateInstanceId, validateProjectId } from "./settings.js";
import { akskMiddleware, tokenMiddleware } from "./signing.js";
import { type Replication, normalizeReplication } from "./view.gen.js";

/** The one operation's path template, as written in the spec. */
export const LIST_REPLICATIONS_PATH = "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication" as const;

export interface ReplicationClientOptions {
  /** Endpoint, e.g. `https://gaussdb.cn-north-4.myhuaweicloud.com` or an emulator URL. */
  baseUrl: string;
  /** IAM token sent as `X-Auth-Token` (when `credentials` is not given). */
  token?: string;
  /** A key pair (signed with SDK-HMAC-SHA256) or a token. */
  credentials?: Credentials;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: ClientOptions["fetch"];
}

/** An openapi-fetch client whose calls are typed by the generated `paths`, authenticated. */
export function createReplicationClient(options: ReplicationClientOptions): Client<paths> {
  const clientOptions: ClientOptions = { baseUrl: validateEndpoint(options.baseUrl, "baseUrl") };
  if (options.fetch !== undefined) clientOptions.fetch = options.fetch;
  const client = createClient<paths>(clientOptions);
  const credentials: Credentials | undefined =
    options.credentials ?? (options.token ? { kind: "token", token: options.token } : undefined);
  if (credentials === undefined) throw new ValidationError("credentials", "give a key pair or a token");
  client.use(credentials.kind === "aksk" ? akskMiddleware(credentials) : tokenMiddleware(credentials.token));
  return client;
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
}

function errorFor(response: Response, body: unknown): ApiError {
  const fields: WireObject = typeof body === "object" && body !== null ? (body as WireObject) : {};
  const requestId = parseText(fields["request_id"]) ?? response.headers.get("X-Request-Id");
  const code = parseText(fields["error_code"]);
  const message = parseText(fields["error_msg"]);
  if (response.status === 429) {
    return new ThrottledError(code, message, requestId, parseRetryAfter(response.headers.get("Retry-After")));
  }
  return new ApiError(response.status, code, message, requestId);
}

function transportError(error: unknown, signal: AbortSignal): TransportError {
  if (signal.aborted) return new TransportError("the request timed out or was abandoned");
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return new TransportError(`the request failed before an answer${cause}`);
}

/** Lists and reads replication tasks with retries, a deadline and consistent full listings. */
export class ReplicationsClient {
  readonly raw: Client<paths>;
  readonly projectId: string;
  private readonly retry: RetryOptions;
  private readonly list: ListOptions;

  constructor(options: ReplicationsOptions) {
    this.raw = createReplicationClient(options);
    this.projectId = validateProjectId(options.projectId);
    this.retry = retryOptions(options.retry, options.maxRetries ?? null);
    this.list = { ...DEFAULT_LIST, ...options.list };
    if (!Number.isInteger(this.list.pageSize) || this.list.pageSize < 1 || this.list.pageSize > 100) {
      throw new ValidationError("pageSize", "must be an integer from 1 to 100");
    }
  }

  /** A client from the environment people already set (see `settingsFromEnv`). */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env, options: Partial<ReplicationsOptions> = {}) {
    const settings = settingsFromEnv(env);
    return new ReplicationsClient({
      baseUrl: settings.endpoint,
      projectId: settings.projectId,
      credentials: settings.credentials,
      maxRetries: settings.maxRetries,
      ...options,
    });
  }

  private async attempt(instanceId: string, offset: number, limit: number, signal: AbortSignal): Promise<ListedPage<Replication>> {
    let result;
    try {
      result = await this.raw.GET(LIST_REPLICATIONS_PATH, {
        params: { path: { project_id: this.projectId, instance_id: instanceId }, query: { limit, offset } },
        parseAs: "text",
        signal,
      });
    } catch (error) {
      throw transportError(error, signal);
    }
    const { response } = result;
    if (!response.ok) throw errorFor(response, result.error);
    const requestId = response.headers.get("X-Request-Id");
    let body: unknown;
    try {
      body = JSON.parse(String(result.data ?? ""));
    } catch {
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
    return withRetries(`page at offset ${offset}`, this.retry, deadline, (signal) =>
      this.attempt(instanceId, offset, limit, abandon ? AbortSignal.any([signal, abandon]) : signal),
    );
  }

  /** Every task of the instance in one consistent state, normalized; pages read concurrently. */
  async listAllReplications(instanceId: string): Promise<Replication[]> {
    validateInstanceId(instanceId);
    const deadline = new Deadline(this.retry.deadline);
    const { pageSize, concurrency, maxPages, maxRescans } = this.list;
    return snapshot(
      (offset, abandon) => this.listPage(instanceId, offset, pageSize, deadline, abandon),
      { pageSize, window: concurrency, maxPages, maxRescans },
    );
  }
}
