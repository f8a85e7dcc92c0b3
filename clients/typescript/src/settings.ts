/**
 * The settings a client is built from, resolved by the one engine (`resolve.ts`) over the one
 * declaration (`settings.yaml`): explicit values, then the environment people already set
 * (`HW_*`, `HUAWEICLOUD_SDK_*`, `TAURUSDB_*`), then the profile file (the vendor SDK's
 * `~/.huaweicloud/credentials`, or the vendor CLI's shared config JSON), then the defaults.
 * Also the checks the client applies to values given to it directly.
 */
import { readFileSync } from "node:fs";

import { ValidationError } from "./errors.js";
import { type Environment, type ExplicitSettings, isLoopbackHost, type Origin, resolveSettings } from "./resolve.js";
import type { SettingName } from "./settings.gen.js";
import type { AccessKeyCredentials } from "./signing.js";

export const ENDPOINT_ENV = "TAURUSDB_ENDPOINT";
const PROJECT_ID = /^[A-Za-z0-9]{32}$/;
const INSTANCE_ID = /^[A-Za-z0-9]{36}$/;

/** How requests are authenticated. */
export type Credentials = ({ kind: "aksk" } & AccessKeyCredentials) | { kind: "token"; token: string };

export interface Settings {
  endpoint: string;
  region: string | null;
  projectId: string;
  credentials: Credentials;
  /** Retries after the first attempt (`HW_MAX_RETRIES`, default 5). */
  maxRetries: number;
  /** Seconds for one attempt (`TAURUSDB_REQUEST_TIMEOUT`). */
  requestTimeout: number;
  /** Pages in flight at once (`TAURUSDB_CONCURRENCY`). */
  concurrency: number;
  /** The proxy for the endpoint (credentials included: never print it), or null. */
  proxy: string | null;
  /** PEM text of the CA bundle (`TAURUSDB_CA_BUNDLE`), or null for the system's CAs. */
  caBundle: string | null;
  /** TLS verification off (`HW_INSECURE`). */
  insecure: boolean;
  /** Language of the service's error messages (`TAURUSDB_LANGUAGE`). */
  language: "en-us" | "zh-cn";
  /** Where every value came from (argument, variable, profile file and section, default). */
  origins: Readonly<Record<SettingName, Origin>>;
}

const SECRET_FIELDS = ["secretKey", "securityToken", "token"] as const;

/**
 * The same credentials with their secret fields made non-enumerable, so `console.log`,
 * `util.inspect` and `JSON.stringify` of the settings (or of anything holding them) never
 * show a key or a token; reading `credentials.secretKey` still works.
 */
export function hideSecrets<C extends Credentials>(credentials: C): C {
  for (const field of SECRET_FIELDS) {
    if (field in credentials) {
      const value = (credentials as Record<string, unknown>)[field];
      Object.defineProperty(credentials, field, { value, enumerable: false, writable: false });
    }
  }
  return credentials;
}

/** An `https://` URL, or `http://` to a loopback host (anything else would send secrets in clear). */
export function validateEndpoint(text: string, field = "endpoint"): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, "must be an absolute URL such as https://gaussdb.cn-north-4.myhuaweicloud.com", "service_url");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ValidationError(field, "must not hold a query, a fragment or credentials", "service_url");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ValidationError(field, "must use https:// (http:// only for a loopback host)", "service_url");
  }
  return text.replace(/\/+$/, "");
}

export function validateProjectId(text: string, field = "project_id"): string {
  if (!PROJECT_ID.test(text)) throw new ValidationError(field, "must be exactly 32 letters or digits", "project_id_format");
  return text;
}

export function validateInstanceId(text: string, field = "instance_id"): string {
  if (!INSTANCE_ID.test(text)) {
    throw new ValidationError(field, "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)", "instance_id_format");
  }
  return text;
}

/**
 * Resolve every setting from `explicit` values, the environment and the profile file; a
 * `SettingsError` names the rule, the setting and where its value came from.
 */
export function settingsFromEnv(env: Environment = process.env, explicit: ExplicitSettings = {}): Settings {
  const { values, auth } = resolveSettings(explicit, env);
  const text = (name: SettingName) => values[name].value as string | null;
  const credentials: Credentials =
    auth === "token"
      ? { kind: "token", token: text("auth_token")! }
      : { kind: "aksk", accessKey: text("access_key")!, secretKey: text("secret_key")!, securityToken: text("security_token") ?? undefined };
  const caBundle = text("ca_bundle");
  const origins = Object.fromEntries(Object.entries(values).map(([name, resolved]) => [name, resolved.origin])) as Record<SettingName, Origin>;
  const settings: Settings = {
    endpoint: text("endpoint")!,
    region: text("region"),
    projectId: text("project_id")!,
    credentials: hideSecrets(credentials),
    maxRetries: values.max_retries.value as number,
    requestTimeout: values.request_timeout.value as number,
    concurrency: values.concurrency.value as number,
    proxy: text("proxy"),
    caBundle: caBundle === null ? null : readFileSync(caBundle, "utf8"),
    insecure: values.insecure.value as boolean,
    language: values.language.value as "en-us" | "zh-cn",
    origins,
  };
  // The proxy URL may hold user:password@: readable, never shown by inspect or JSON.
  Object.defineProperty(settings, "proxy", { value: settings.proxy, enumerable: false, writable: false });
  return settings;
}
