/**
 * Typed client for ListStarRocksDataReplications.
 *
 * `schema.ts` and `view.gen.ts` are generated from openapi.yaml by scripts/generate-typescript
 * and never edited; the other modules hold rules only (signing, settings, retries, listing).
 */
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export * from "./client.js";
export { deriveHealthy } from "./derived.js";
export * from "./errors.js";
export { type ListedPage, type ListingOptions } from "./listing.js";
export { parseBool, parseCount, parseEnum, parseInteger, parseNumber, parseText, type WireObject } from "./normalize.js";
export { DEFAULT_RETRY, Deadline, type RetryOptions } from "./retry.js";
export * from "./settings.js";
export * from "./signing.js";
export * from "./view.gen.js";

/** A page of tasks exactly as the spec types it (numbers may be strings, stages any case). */
export type ReplicationPage = components["schemas"]["ReplicationPage"];

/** One task exactly as the spec types it; unknown fields are kept as `unknown`. */
export type ReplicationTask = components["schemas"]["StarRocksReplicationInfo"];

/** An error body of the service or of the API gateway. */
export type ErrorBody = components["schemas"]["ErrorResponse"];

/** The query parameters of the operation (limit and offset). */
export type ListQuery = NonNullable<operations["ListStarRocksDataReplications"]["parameters"]["query"]>;
export { parseExactJson, parseJsonNumber, stringifyExactJson } from "./json.js";
export { MASK, Redactor, safeText, safeUrl } from "./text.js";
export { type TransportOptions, validateProxy } from "./transport.js";
export * from "./condition.js";
export * from "./wait.js";
export * from "./resolve.js";
export { ENVIRONMENT_FAMILIES, PROFILE_FILES, SETTINGS, type SettingName } from "./settings.gen.js";
