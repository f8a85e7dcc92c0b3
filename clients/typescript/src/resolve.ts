/**
 * Settings resolution: one small engine over the generated table of `settings.yaml`
 * (`settings.gen.ts`), with the declaration's named rules, proven by the shared vectors of
 * `tests/vectors/settings.json`. For each setting: explicit, then its environment variables in
 * order, then the profile file, then the default; every value carries its origin. Credentials
 * are resolved as a group from one source (explicit, `HW_*`, `HUAWEICLOUD_SDK_*`, profile);
 * the endpoint and the IAM endpoint follow the region; the proxy falls back to the standard
 * variables. Errors name the rule (`ruleId`), the setting and where the value came from.
 *
 * One profile file is read: the vendor CLI's JSON shared config when `shared_config_file` is
 * set, else the vendor SDK's INI credentials file (`~` is the resolved environment's HOME).
 */
import { readFileSync, statSync } from "node:fs";

import { ConfigurationError } from "./errors.js";
import { ENVIRONMENT_FAMILIES, PROFILE_FILES, SETTINGS, type SettingName, VALIDATIONS } from "./settings.gen.js";
import { safeText } from "./text.js";
import { REGION_ENDPOINTS } from "./view.gen.js";

/** One row of the generated table. */
export interface SettingDeclaration {
  readonly name: string;
  readonly option: string;
  readonly type: "string" | "integer" | "boolean" | "duration" | "path" | "url" | "enum";
  readonly validation: string;
  readonly description: string;
  readonly default: string | number | boolean | null;
  readonly secret: boolean;
  readonly group: string | null;
  readonly scope: string;
  readonly env: readonly string[];
  readonly standardEnv: boolean;
  readonly profile: { readonly ini: string | null; readonly shared: string | null };
  readonly values: readonly string[] | null;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where a value came from. `null`: a credential setting outside the winning kind. */
export type Origin =
  | { readonly kind: "argument"; readonly name: string }
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "profile"; readonly file: string; readonly section: string | null; readonly key: string }
  | { readonly kind: "region_table"; readonly region: Origin }
  | { readonly kind: "default" }
  | null;

export type SettingValue = string | number | boolean | null;

export interface Resolved {
  readonly value: SettingValue;
  readonly origin: Origin;
}

/** The credential source judged by the credentials rules. */
export type CredentialSource =
  | { readonly kind: "argument" }
  | { readonly kind: "environment"; readonly family: string }
  | { readonly kind: "profile"; readonly file: string; readonly section: string };

export type AuthKind = "token" | "aksk" | "password";

export interface ResolvedSettings {
  readonly values: Readonly<Record<SettingName, Resolved>>;
  readonly auth: AuthKind;
}

/** A setting breaks a rule of settings.yaml: `ruleId`, the setting (`field`) and its origin. */
export class SettingsError extends ConfigurationError {
  override name = "SettingsError";
  constructor(
    message: string,
    readonly ruleId: string,
    readonly field: string,
    readonly origin: Origin | undefined = undefined,
    missing: readonly string[] = [],
    readonly source: CredentialSource | undefined = undefined,
  ) {
    super(message, missing);
  }
}

/** Explicit values by canonical name (`auth_token`) or option name (`authToken`). */
export type ExplicitSettings = Readonly<Record<string, unknown>>;

const DEFAULT: Origin = { kind: "default" };
const LOOPBACK_NAMES = new Set(["localhost", "::1", "[::1]"]);

/** 127.0.0.0/8, `::1` and `::ffff:127.x.y.z` (issue 22: all of loopback, not only 127.0.0.1). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (LOOPBACK_NAMES.has(bare)) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)) return true;
  return /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(bare);
}

const declarations = (): [SettingName, SettingDeclaration][] => Object.entries(SETTINGS) as [SettingName, SettingDeclaration][];

function describe(origin: Origin): string {
  if (origin === null) return "nowhere";
  switch (origin.kind) {
    case "argument":
      return `the argument ${origin.name}`;
    case "environment":
      return `the environment variable ${origin.name}`;
    case "profile":
      return `${origin.file}${origin.section === null ? "" : ` [${origin.section}]`} key ${origin.key}`;
    case "region_table":
      return `the region table (region from ${describe(origin.region)})`;
    case "default":
      return "the default";
  }
}

// ---- reading raw values -------------------------------------------------------------------

/** Text with blanks removed, or undefined when not given (null, absent, blank). */
function given(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  return value;
}

function explicitValue(explicit: ExplicitSettings, declaration: SettingDeclaration): unknown {
  return given(explicit[declaration.name]) ?? given(explicit[declaration.option]);
}

function home(env: Environment): string {
  return env["HOME"] ?? "";
}

function expandHome(path: string, env: Environment): string {
  return path === "~" || path.startsWith("~/") ? home(env) + path.slice(1) : path;
}

// ---- conversion and validation (one function per `validations:` id) ------------------------

const PATTERNS: Readonly<Record<string, RegExp>> = {
  region_format: /^[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}$/,
  project_id_format: /^[A-Za-z0-9]{32}$/,
  instance_id_format: /^[A-Za-z0-9]{36}$/,
};
const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0"]);
const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

function duration(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== value) return null;
  return parts.reduce((sum, part) => sum + Number(part[1]) * UNITS[part[2]!]!, 0);
}

function integer(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : null;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : null;
}

function url(value: string, rule: "service_url" | "proxy_url"): string | null {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (!parsed.hostname || parsed.search || parsed.hash || value.includes("?") || value.includes("#")) return null;
  if (rule === "service_url") {
    if (parsed.username || parsed.password) return null;
    if (parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname)) return null;
  }
  return value.replace(/\/+$/, "");
}

/** The value converted to the setting's type, or null when it breaks the setting's validation. */
function convert(declaration: SettingDeclaration, raw: unknown, env: Environment): SettingValue {
  const text = typeof raw === "string" ? raw : null;
  switch (declaration.validation) {
    case "nonempty_string":
      if (text === null) return null;
      return declaration.type === "path" ? expandHome(text, env) : text;
    case "region_format":
    case "project_id_format":
    case "instance_id_format":
      return text !== null && PATTERNS[declaration.validation]!.test(text) ? text : null;
    case "service_url":
    case "proxy_url":
      return text === null ? null : url(text, declaration.validation);
    case "non_negative_integer": {
      const number = integer(raw);
      return number !== null && number >= 0 ? number : null;
    }
    case "positive_integer": {
      const number = integer(raw);
      return number !== null && number >= 1 ? number : null;
    }
    case "positive_duration": {
      const seconds = duration(raw);
      return seconds !== null && seconds > 0 ? seconds : null;
    }
    case "language": {
      const lowered = text?.toLowerCase() ?? "";
      return declaration.values?.includes(lowered) ? lowered : null;
    }
    case "existing_file": {
      if (text === null) return null;
      const path = expandHome(text, env);
      try {
        return statSync(path).isFile() ? path : null;
      } catch {
        return null;
      }
    }
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (text !== null && TRUE.has(text.toLowerCase())) return true;
      if (text !== null && FALSE.has(text.toLowerCase())) return false;
      return null;
    default:
      throw new Error(`settings.gen.ts names a validation this engine does not know: ${declaration.validation}`);
  }
}

// ---- the profile file ---------------------------------------------------------------------

interface Profile {
  readonly file: string;
  readonly section: string;
  readonly format: "ini" | "shared";
  readonly values: Readonly<Record<string, string>>;
}

/** The vendor SDK's INI file as configparser reads it: sections, `key = value`, `#`/`;` comments. */
function parseIni(text: string): Map<string, Record<string, string>> | null {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | null = null;
  let lastKey: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*[#;]/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      if (sections.has(header[1]!)) return null;
      current = {};
      sections.set(header[1]!, current);
      lastKey = null;
      continue;
    }
    if (/^\s/.test(line) && current !== null && lastKey !== null) {
      current[lastKey] += `\n${line.trim()}`;
      continue;
    }
    const pair = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!pair || current === null) return null;
    lastKey = pair[1]!.trim().toLowerCase();
    current[lastKey] = pair[2]!.trim();
  }
  return sections;
}

function readText(path: string): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") return undefined;
    if (error instanceof TypeError) return "\u0000invalid"; // not UTF-8
    throw error;
  }
}

function missingFile(field: string, path: string, origin: Origin): SettingsError {
  return new SettingsError(`${field}: the profile file ${safeText(path)} does not exist (from ${describe(origin)})`, "profile_file_missing", field, origin);
}

function invalidFile(field: string, path: string, origin: Origin, what: string): SettingsError {
  return new SettingsError(`${field}: ${safeText(path)} is not ${what} (from ${describe(origin)})`, "profile_file_invalid", field, origin);
}

function notFound(name: string, path: string, origin: Origin): SettingsError {
  return new SettingsError(`profile: no profile '${safeText(name)}' in ${safeText(path)} (named by ${describe(origin)})`, "profile_not_found", "profile", origin);
}

function sharedProfile(path: string, origin: Origin, named: Resolved): Profile {
  const text = readText(path);
  if (text === undefined) throw missingFile("shared_config_file", path, origin);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidFile("shared_config_file", path, origin, "JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidFile("shared_config_file", path, origin, "a JSON object");
  const document = parsed as { current?: unknown; profiles?: unknown };
  const profiles = Array.isArray(document.profiles) ? document.profiles : [];
  const current = typeof document.current === "string" ? document.current : null;
  const name = typeof named.value === "string" ? named.value : current;
  const nameOrigin: Origin = typeof named.value === "string" ? named.origin : { kind: "profile", file: path, section: null, key: "current" };
  const found = profiles.find((p): p is Record<string, unknown> => typeof p === "object" && p !== null && (p as { name?: unknown }).name === name);
  if (name === null || found === undefined) throw notFound(name ?? "", path, nameOrigin);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(found)) if (typeof value === "string") values[key] = value;
  return { file: path, section: name, format: "shared", values };
}

function iniProfile(path: string, origin: Origin, named: Resolved): Profile | null {
  const section = typeof named.value === "string" ? named.value : PROFILE_FILES.ini.defaultSection;
  const text = readText(path);
  if (text === undefined) {
    // A missing INI file is an empty profile, wherever its path came from, unless a profile is named.
    if (typeof named.value === "string") throw missingFile("credentials_file", path, origin);
    return null;
  }
  const sections = parseIni(text);
  if (sections === null) throw invalidFile("credentials_file", path, origin, "an INI file");
  const values = sections.get(section);
  if (values === undefined) {
    if (typeof named.value === "string") throw notFound(section, path, named.origin);
    return null;
  }
  return { file: path, section, format: "ini", values };
}

// ---- the engine ---------------------------------------------------------------------------

/** The first value of one setting, explicit > environment > profile > default, unconverted. */
function firstRaw(declaration: SettingDeclaration, explicit: ExplicitSettings, env: Environment, profile: Profile | null): { raw: unknown; origin: Origin } {
  const argument = explicitValue(explicit, declaration);
  if (argument !== undefined) return { raw: argument, origin: { kind: "argument", name: declaration.name } };
  for (const name of declaration.env) {
    const value = given(env[name]);
    if (value !== undefined) return { raw: value, origin: { kind: "environment", name } };
  }
  const key = profile === null ? null : declaration.profile[profile.format];
  const fromProfile = key && profile ? given(profile.values[key]) : undefined;
  if (fromProfile !== undefined && key && profile) return { raw: fromProfile, origin: { kind: "profile", file: profile.file, section: profile.section, key } };
  const fallback = typeof declaration.default === "string" && declaration.type === "path" ? expandHome(declaration.default, env) : declaration.default;
  return { raw: fallback, origin: DEFAULT };
}

function resolveOne(declaration: SettingDeclaration, explicit: ExplicitSettings, env: Environment, profile: Profile | null): Resolved {
  const { raw, origin } = firstRaw(declaration, explicit, env, profile);
  if (raw === null || raw === undefined) return { value: null, origin };
  if (origin?.kind === "default") return { value: raw as SettingValue, origin };
  const value = convert(declaration, raw, env);
  if (value === null) {
    const rule = declaration.validation;
    throw new SettingsError(`${declaration.name} (from ${describe(origin)}): must be ${VALIDATIONS[rule] ?? rule}`, rule, declaration.name, origin);
  }
  return { value, origin };
}

const CREDENTIAL_KINDS: readonly { kind: AuthKind; triggers: readonly SettingName[]; needs: readonly SettingName[]; uses: readonly SettingName[] }[] = [
  { kind: "token", triggers: ["auth_token"], needs: ["auth_token"], uses: ["auth_token"] },
  { kind: "aksk", triggers: ["access_key", "secret_key", "security_token"], needs: ["access_key", "secret_key"], uses: ["access_key", "secret_key", "security_token"] },
  { kind: "password", triggers: ["user_name", "password"], needs: ["user_name", "password", "domain_name"], uses: ["user_name", "password", "domain_name"] },
];

interface Candidate {
  source: CredentialSource;
  read: (declaration: SettingDeclaration) => Resolved | null;
}

function credentialSources(explicit: ExplicitSettings, env: Environment, profile: Profile | null): Candidate[] {
  const fromEnv = (prefix: string) => (declaration: SettingDeclaration): Resolved | null => {
    for (const name of declaration.env.filter((n) => n.startsWith(prefix))) {
      const value = given(env[name]);
      if (typeof value === "string") return { value, origin: { kind: "environment", name } };
    }
    return null;
  };
  const candidates: Candidate[] = [
    {
      source: { kind: "argument" },
      read: (declaration) => {
        const value = explicitValue(explicit, declaration);
        return typeof value === "string" ? { value, origin: { kind: "argument", name: declaration.name } } : null;
      },
    },
    ...ENVIRONMENT_FAMILIES.filter((family) => family.id !== "taurusdb").map((family) => ({
      source: { kind: "environment", family: family.id } as const,
      read: fromEnv(family.prefix),
    })),
  ];
  if (profile !== null) {
    candidates.push({
      source: { kind: "profile", file: profile.file, section: profile.section },
      read: (declaration) => {
        const key = declaration.profile[profile.format];
        const value = key ? given(profile.values[key]) : undefined;
        return typeof value === "string" && key ? { value, origin: { kind: "profile", file: profile.file, section: profile.section, key } } : null;
      },
    });
  }
  return candidates;
}

/** How a user sets `declaration` in `source`: the family's variable, the profile key, the option. */
function whatToSet(declaration: SettingDeclaration, source: CredentialSource): string {
  if (source.kind === "environment") {
    const prefix = ENVIRONMENT_FAMILIES.find((f) => f.id === source.family)?.prefix ?? "";
    return declaration.env.find((name) => name.startsWith(prefix)) ?? declaration.option;
  }
  if (source.kind === "profile") return declaration.profile.ini ?? declaration.profile.shared ?? declaration.option;
  return declaration.option;
}

function sourceName(source: CredentialSource): string {
  if (source.kind === "argument") return "the arguments";
  if (source.kind === "environment") return `the ${ENVIRONMENT_FAMILIES.find((f) => f.id === source.family)?.prefix ?? ""}* environment variables`;
  return `${source.file} [${source.section}]`;
}

/** Rules credentials_one_source, credentials_priority, credentials_incomplete, credentials_required. */
function resolveCredentials(explicit: ExplicitSettings, env: Environment, profile: Profile | null): { auth: AuthKind; values: Partial<Record<SettingName, Resolved>> } {
  const group = declarations().filter(([, d]) => d.group === "credentials");
  for (const { source, read } of credentialSources(explicit, env, profile)) {
    const found = new Map<SettingName, Resolved>();
    for (const [name, declaration] of group) {
      const value = read(declaration);
      if (value !== null) found.set(name, value);
    }
    const kind = CREDENTIAL_KINDS.find((k) => k.triggers.some((name) => found.has(name)));
    if (kind === undefined) continue; // nothing that triggers a kind here (domain_name alone)
    const missing = kind.needs.filter((name) => !found.has(name));
    if (missing.length) {
      const names = missing.map((name) => whatToSet(SETTINGS[name], source)).join(" and ");
      throw new SettingsError(`credentials are incomplete in ${sourceName(source)}: set ${names}`, "credentials_incomplete", missing[0]!, undefined, missing, source);
    }
    const values: Partial<Record<SettingName, Resolved>> = {};
    for (const [name] of group) values[name] = (kind.uses.includes(name) ? found.get(name) : undefined) ?? { value: null, origin: null };
    return { auth: kind.kind, values };
  }
  const every = [...new Set(CREDENTIAL_KINDS.flatMap((k) => k.needs))];
  const ordered = group.map(([name]) => name).filter((name) => every.includes(name));
  throw new SettingsError(
    "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, HW_AUTH_TOKEN, or a profile)",
    "credentials_required", "credentials", undefined, ordered,
  );
}

/** Rules endpoint_from_region, explicit_region_beats_environment_endpoint, unknown_region. */
function resolveEndpoint(endpoint: Resolved, region: Resolved): Resolved {
  const table = (): Resolved => {
    const url = REGION_ENDPOINTS[String(region.value)];
    if (url === undefined) {
      throw new SettingsError(
        `unknown region '${safeText(String(region.value))}' (from ${describe(region.origin)}): set an endpoint (TAURUSDB_ENDPOINT) or one of ${Object.keys(REGION_ENDPOINTS).join(", ")}`,
        "unknown_region", "region", region.origin,
      );
    }
    return { value: url, origin: { kind: "region_table", region: region.origin } };
  };
  if (endpoint.value !== null && endpoint.origin?.kind === "argument") return endpoint;
  if (region.value !== null && region.origin?.kind === "argument") return table();
  if (endpoint.value !== null) return endpoint;
  if (region.value !== null) return table();
  throw new SettingsError("no region or endpoint: set HW_REGION_NAME or TAURUSDB_ENDPOINT (or region in a profile)", "region_or_endpoint_required", "region", undefined, ["region", "endpoint"]);
}

/** Rule iam_endpoint_from_region. */
function resolveAuthUrl(authUrl: Resolved, region: Resolved): Resolved {
  if (authUrl.value !== null) return authUrl;
  if (region.value !== null) return { value: `https://iam.${region.value}.myhuaweicloud.com/v3`, origin: { kind: "region_table", region: region.origin } };
  return { value: "https://iam.myhuaweicloud.com/v3", origin: DEFAULT };
}

function firstVariable(env: Environment, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = given(env[name]);
    if (typeof value === "string") return { name, value };
  }
  return null;
}

/** Whether a NO_PROXY list excludes `host:port` (rule proxy_from_standard_environment). */
export function excludedByNoProxy(list: string, host: string, port: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, "");
  return list.split(",").map((entry) => entry.trim().toLowerCase()).filter(Boolean).some((entry) => {
    if (entry === "*") return true;
    const withPort = /^(.*):(\d+)$/.exec(entry);
    const name = (withPort ? withPort[1]! : entry).replace(/^\./, "").replace(/^\[|\]$/g, "");
    if (withPort && withPort[2] !== port) return false;
    return bare === name || bare.endsWith(`.${name}`);
  });
}

/** Rule proxy_from_standard_environment: the proxy setting, else the standard variables. */
function resolveProxy(proxy: Resolved, endpoint: string, env: Environment): Resolved {
  return proxy.value !== null ? proxy : proxyFromStandardEnvironment(endpoint, env);
}

/**
 * The standard variables' proxy for `endpoint` (https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY
 * for https; http_* for http; NO_PROXY may exclude it; never for loopback), with its origin.
 */
export function proxyFromStandardEnvironment(endpoint: string, env: Environment): Resolved {
  const target = new URL(endpoint);
  if (isLoopbackHost(target.hostname)) return { value: null, origin: DEFAULT };
  const scheme = target.protocol === "https:" ? "https" : "http";
  const found = firstVariable(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, "all_proxy", "ALL_PROXY"]);
  if (found === null) return { value: null, origin: DEFAULT };
  const port = target.port || (scheme === "https" ? "443" : "80");
  const noProxy = firstVariable(env, ["no_proxy", "NO_PROXY"]);
  if (noProxy !== null && excludedByNoProxy(noProxy.value, target.hostname, port)) return { value: null, origin: { kind: "environment", name: noProxy.name } };
  if (url(found.value, "proxy_url") === null) {
    throw new SettingsError(`proxy: ${found.name} must be an http:// or https:// URL`, "proxy_url", "proxy", { kind: "environment", name: found.name });
  }
  return { value: found.value.replace(/\/+$/, ""), origin: { kind: "environment", name: found.name } };
}

/**
 * Resolve every client setting from `explicit` values (canonical or option names), the
 * environment `env` (never the process's unless passed) and the profile file it points to.
 * Throws `SettingsError` for the first broken rule, in the declaration's order.
 */
export function resolveSettings(explicit: ExplicitSettings = {}, env: Environment = process.env): ResolvedSettings {
  const values: Partial<Record<SettingName, Resolved>> = {};
  const one = (name: SettingName, profile: Profile | null) => resolveOne(SETTINGS[name], explicit, env, profile);
  // The profile file first (its errors come first): which one, and which section.
  const profileName = one("profile", null);
  const credentialsFile = one("credentials_file", null);
  const sharedFile = one("shared_config_file", null);
  const profile =
    sharedFile.value !== null
      ? sharedProfile(String(sharedFile.value), sharedFile.origin, profileName)
      : iniProfile(String(credentialsFile.value), credentialsFile.origin, profileName);
  for (const [name, declaration] of declarations()) {
    if (declaration.scope !== "client" || declaration.group === "credentials") continue;
    values[name] = name === "profile" ? profileName : name === "credentials_file" ? credentialsFile : name === "shared_config_file" ? sharedFile : one(name, profile);
  }
  values.endpoint = resolveEndpoint(values.endpoint!, values.region!);
  values.auth_url = resolveAuthUrl(values.auth_url!, values.region!);
  if (values.project_id?.value === null) {
    throw new SettingsError("no project id: set HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID, or project_id in a profile)", "project_id_required", "project_id", undefined, ["project_id"]);
  }
  const credentials = resolveCredentials(explicit, env, profile);
  if (credentials.auth === "password") {
    // Rule password_auth_unsupported: judged after the triggers and completeness, as everywhere.
    throw new SettingsError(
      "IAM user name and password authentication is not available in the TypeScript client: set HW_AUTH_TOKEN, or HW_ACCESS_KEY and HW_SECRET_KEY",
      "password_auth_unsupported", "password", credentials.values.password?.origin ?? undefined,
    );
  }
  // Last: a proxy from the standard variables (validated as proxy_url; the setting's own value
  // was validated with the other settings above).
  values.proxy = resolveProxy(values.proxy!, String(values.endpoint.value), env);
  return { values: { ...values, ...credentials.values } as Record<SettingName, Resolved>, auth: credentials.auth };
}
