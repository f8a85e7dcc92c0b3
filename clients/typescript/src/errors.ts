/**
 * Typed errors, one class per thing a caller may handle differently (`instanceof`), mirroring
 * the Python layer's `taurusdb_replication._errors`. No message ever holds a secret: the
 * request's credentials are never part of what is rendered.
 */

/** Seconds as a message shows them: at most 3 significant digits (`0.05`, not `0.04999892`). */
export function formatSeconds(seconds: number | null): string {
  return seconds === null ? "unbounded" : String(Number(seconds.toPrecision(3)));
}

/** The base of every error this client raises. */
export class TaurusDBError extends Error {
  override name = "TaurusDBError";
}

/** A setting is missing or contradictory; `missing` names what to set. */
export class ConfigurationError extends TaurusDBError {
  override name = "ConfigurationError";
  constructor(
    message: string,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * An argument or setting breaks a rule; names the field and the rule. `ruleId` is the rule's
 * identifier in `settings.yaml` or the conformance vectors (`region_format`, `unknown_stage`)
 * when it has one.
 */
export class ValidationError extends TaurusDBError {
  override name = "ValidationError";
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly ruleId: string | null = null,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** The request did not get an answer (connection refused or reset, cut short). */
export class TransportError extends TaurusDBError {
  override name = "TransportError";
  readonly retryable = true;
}

/** One attempt got no complete answer within the request timeout (`requestTimeout`, seconds). */
export class RequestTimeoutError extends TransportError {
  override name = "RequestTimeoutError";
  constructor(readonly seconds: number) {
    super(`no complete answer within the request timeout of ${formatSeconds(seconds)} s`);
  }
}

/**
 * The proxy refused the request: 407 (its credentials are missing or wrong) or another
 * refusal of the tunnel. `proxy` is the proxy's URL without its credentials. Not retried.
 */
export class ProxyError extends TaurusDBError {
  override name = "ProxyError";
  readonly retryable = false;
  constructor(
    readonly proxy: string,
    readonly status: number | null,
    reason: string,
  ) {
    super(`proxy ${proxy}: ${reason}`);
  }
}

/** The operation's deadline ran out; `lastError` is the failure before it, if any. */
export class DeadlineError extends TaurusDBError {
  override name = "DeadlineError";
  constructor(
    message: string,
    readonly lastError: TaurusDBError | null = null,
  ) {
    super(lastError ? `${message} (last error: ${lastError.message})` : message);
  }
}

/** The service, its gateway or a load balancer answered with an error status. */
export class ApiError extends TaurusDBError {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly errorCode: string | null,
    readonly errorMessage: string | null,
    readonly requestId: string | null,
  ) {
    const head = errorCode ? `${errorCode}: ${errorMessage ?? ""} (HTTP ${status})` : `HTTP ${status}`;
    super(`${head} [request id: ${requestId ?? "none"}]`);
  }

  /** Whether the same request may succeed if sent again. */
  get retryable(): boolean {
    return [429, 500, 502, 503, 504].includes(this.status);
  }
}

/** 429: the gateway's throttling; `retryAfter` in seconds when the answer said. */
export class ThrottledError extends ApiError {
  override name = "ThrottledError";
  constructor(
    errorCode: string | null,
    errorMessage: string | null,
    requestId: string | null,
    readonly retryAfter: number | null,
  ) {
    super(429, errorCode, errorMessage, requestId);
  }
}

/**
 * A 3xx answer. Redirects are never followed (a credential must never reach another host);
 * `location` is where it pointed, its query values masked.
 */
export class RedirectError extends ApiError {
  override name = "RedirectError";
  constructor(
    status: number,
    readonly location: string | null,
    requestId: string | null,
  ) {
    super(status, null, null, requestId);
    this.message =
      `HTTP ${status}: a redirect to ${location ?? "(no Location header)"}, not followed ` +
      `(set the endpoint to the service's own URL) [request id: ${requestId ?? "none"}]`;
  }
}

/** A success status whose body is not the page the spec describes (cut short, HTML). */
export class MalformedResponseError extends ApiError {
  override name = "MalformedResponseError";
  /** A body cut short may come whole next time; a captive portal's HTML page will not. */
  private readonly again: boolean;
  constructor(status: number, reason: string, requestId: string | null, retryable = true) {
    super(status, null, reason, requestId);
    this.message = `HTTP ${status} but ${reason} [request id: ${requestId ?? "none"}]`;
    this.again = retryable;
  }
  override get retryable(): boolean {
    return this.again;
  }
}

/** The task list kept changing (or the service ignored `offset`) while it was read. */
export class InconsistentListingError extends TaurusDBError {
  override name = "InconsistentListingError";
}
