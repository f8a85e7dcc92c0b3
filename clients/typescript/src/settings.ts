/**
 * Endpoint, project and credentials from the environment people already have set, with the
 * Python layer's chain and rules (`taurusdb_replication._credentials`): explicit options
 * first, then the vendor Terraform provider's `HW_*` variables, then the vendor SDK's
 * `HUAWEICLOUD_SDK_*` ones. Credentials never mix sources: the first source holding any
 * credential must hold a complete set; within a source a token wins over a key pair.
 * `TAURUSDB_ENDPOINT` overrides the region table for every region (the emulator's URL).
 */
import { ConfigurationError, ValidationError } from "./errors.js";
import type { AccessKeyCredentials } from "./signing.js";
import { REGION_ENDPOINTS } from "./view.gen.js";

export const ENDPOINT_ENV = "TAURUSDB_ENDPOINT";
const PROJECT_ID = /^[A-Za-z0-9]{32}$/;
const INSTANCE_ID = /^[A-Za-z0-9]{36}$/;
const REGION = /^[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}$/;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** How requests are authenticated. */
export type Credentials = ({ kind: "aksk" } & AccessKeyCredentials) | { kind: "token"; token: string };

export interface Settings {
  endpoint: string;
  region: string | null;
  projectId: string;
  credentials: Credentials;
  /** `HW_MAX_RETRIES`: retries after the first attempt (null: the default). */
  maxRetries: number | null;
}

type Environment = Readonly<Record<string, string | undefined>>;

interface Source {
  label: string;
  names: Readonly<Record<string, string>>;
}

const HW: Source = {
  label: "HW_* environment variables",
  names: {
    region: "HW_REGION_NAME", projectId: "HW_PROJECT_ID", token: "HW_AUTH_TOKEN", accessKey: "HW_ACCESS_KEY",
    secretKey: "HW_SECRET_KEY", securityToken: "HW_SECURITY_TOKEN", userName: "HW_USER_NAME",
    password: "HW_USER_PASSWORD",
  },
};
const SDK: Source = {
  label: "HUAWEICLOUD_SDK_* environment variables",
  names: {
    projectId: "HUAWEICLOUD_SDK_PROJECT_ID", accessKey: "HUAWEICLOUD_SDK_AK", secretKey: "HUAWEICLOUD_SDK_SK",
    securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  },
};

function value(env: Environment, source: Source, key: string): string | undefined {
  const name = source.names[key];
  const found = name === undefined ? undefined : env[name]?.trim();
  return found ? found : undefined;
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

function credentialsFrom(env: Environment, source: Source): Credentials | null {
  const token = value(env, source, "token");
  if (token) return hideSecrets({ kind: "token", token });
  const accessKey = value(env, source, "accessKey");
  const secretKey = value(env, source, "secretKey");
  if (accessKey || secretKey) {
    const missing = [accessKey ? null : source.names["accessKey"], secretKey ? null : source.names["secretKey"]];
    const names = missing.filter((name): name is string => !!name);
    if (names.length) {
      throw new ConfigurationError(`an access key pair is incomplete in ${source.label}: set ${names.join(" and ")}`, names);
    }
    return hideSecrets({ kind: "aksk", accessKey: accessKey!, secretKey: secretKey!, securityToken: value(env, source, "securityToken") });
  }
  if (value(env, source, "userName") || value(env, source, "password")) {
    throw new ConfigurationError(
      `${source.label} hold an IAM user and password, which this client does not exchange for a token: ` +
        "set HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY",
      ["HW_AUTH_TOKEN"],
    );
  }
  return null;
}

/** An `https://` URL, or `http://` to a loopback host (anything else would send secrets in clear). */
export function validateEndpoint(text: string, field = "endpoint"): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, "must be an absolute URL such as https://gaussdb.cn-north-4.myhuaweicloud.com");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ValidationError(field, "must not hold a query, a fragment or credentials");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ValidationError(field, "must use https:// (http:// only for a loopback host)");
  }
  return text.replace(/\/+$/, "");
}

export function validateProjectId(text: string, field = "project_id"): string {
  if (!PROJECT_ID.test(text)) throw new ValidationError(field, "must be exactly 32 letters or digits");
  return text;
}

export function validateInstanceId(text: string, field = "instance_id"): string {
  if (!INSTANCE_ID.test(text)) {
    throw new ValidationError(field, "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)");
  }
  return text;
}

function endpointFrom(env: Environment, region: string | null): string {
  const explicit = env[ENDPOINT_ENV]?.trim();
  if (explicit) return validateEndpoint(explicit, ENDPOINT_ENV);
  if (region === null) {
    throw new ConfigurationError(`no region or endpoint: set HW_REGION_NAME or ${ENDPOINT_ENV}`, [
      "HW_REGION_NAME",
      ENDPOINT_ENV,
    ]);
  }
  const endpoint = REGION_ENDPOINTS[region];
  if (endpoint === undefined) {
    throw new ConfigurationError(
      `unknown region '${region}': set ${ENDPOINT_ENV} or HW_REGION_NAME to one of ${Object.keys(REGION_ENDPOINTS).join(", ")}`,
      [ENDPOINT_ENV],
    );
  }
  return endpoint;
}

/** Resolve every setting from the environment; a `ConfigurationError` names what to set. */
export function settingsFromEnv(env: Environment = process.env): Settings {
  const region = value(env, HW, "region") ?? null;
  if (region !== null && !REGION.test(region)) {
    throw new ValidationError("HW_REGION_NAME", "must look like 'cn-north-4' (lower-case words and a number)");
  }
  const endpoint = endpointFrom(env, region);
  const projectVar = [HW, SDK].map((source) => source.names["projectId"]!).find((name) => env[name]?.trim());
  if (projectVar === undefined) {
    throw new ConfigurationError("no project id: set HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID)", ["HW_PROJECT_ID"]);
  }
  const projectId = validateProjectId(env[projectVar]!.trim(), projectVar);
  const credentials = credentialsFrom(env, HW) ?? credentialsFrom(env, SDK);
  if (credentials === null) {
    throw new ConfigurationError(
      "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HW_AUTH_TOKEN)",
      ["HW_ACCESS_KEY", "HW_SECRET_KEY"],
    );
  }
  const retries = env["HW_MAX_RETRIES"]?.trim();
  if (retries && !/^\d+$/.test(retries)) throw new ValidationError("HW_MAX_RETRIES", "must be an integer >= 0");
  return { endpoint, region, projectId, credentials, maxRetries: retries ? Number(retries) : null };
}
