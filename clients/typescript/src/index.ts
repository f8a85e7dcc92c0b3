/**
 * Typed client for ListStarRocksDataReplications.
 *
 * `schema.ts` is generated from openapi.yaml by scripts/generate-typescript and never edited;
 * this file only binds it to openapi-fetch, so every path, parameter and response type below
 * comes from the spec and a spec change that breaks callers fails their compilation.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };

/** The one operation's path template, as written in the spec. */
export const LIST_REPLICATIONS_PATH =
  "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication" as const;

/** A page of tasks exactly as the spec types it (numbers may be strings, stages any case). */
export type ReplicationPage = components["schemas"]["ReplicationPage"];

/** One task exactly as the spec types it; unknown fields are kept as `unknown`. */
export type ReplicationTask = components["schemas"]["StarRocksReplicationInfo"];

/** An error body of the service or of the API gateway. */
export type ErrorBody = components["schemas"]["ErrorResponse"];

/** The query parameters of the operation (limit and offset). */
export type ListQuery = NonNullable<operations["ListStarRocksDataReplications"]["parameters"]["query"]>;

export interface ReplicationClientOptions {
  /** Endpoint, e.g. `https://gaussdb.cn-north-4.myhuaweicloud.com` or an emulator URL. */
  baseUrl: string;
  /** IAM token sent as `X-Auth-Token`. AK/SK signing is not provided by this client. */
  token: string;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: ClientOptions["fetch"];
}

/** Creates an openapi-fetch client whose calls are typed by the generated `paths`. */
export function createReplicationClient(options: ReplicationClientOptions): Client<paths> {
  const clientOptions: ClientOptions = {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { "X-Auth-Token": options.token },
  };
  if (options.fetch !== undefined) {
    clientOptions.fetch = options.fetch;
  }
  return createClient<paths>(clientOptions);
}
