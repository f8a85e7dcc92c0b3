/**
 * Text that came from the service (an `error_msg`, a request id, a `Location`) before it
 * reaches a message people read: the client's own secrets blanked in case a server echoes
 * them back, anything shaped like an auth header or a signature blanked too, and control
 * characters made visible so they never act on a terminal. The rules are the Python layer's
 * (`taurusdb_replication._logging.Redactor`).
 */

/** What every blanked secret becomes. */
export const MASK = "***";

// A secret header's name, its separator (quoted and JSON-escaped forms too) and its value up to
// the end of the line or the closing quote (an echoed AK/SK `Authorization` holds commas).
const SECRET_HEADERS = /\b(x-auth-token|x-subject-token|x-security-token|authorization|proxy-authorization)(\\?["']?\s*[:=]\s*\\?["']?)([^"'\\\r\n]+)/gi;
// The parts of an SDK-HMAC-SHA256 signature, wherever they appear without the header's name.
const SIGNATURE_PARTS = /\b(signature|access|credential)=([^\s,;"'\\]+)/gi;
// C0 controls, DEL, C1 controls, and the bidi overrides and isolates (they reorder what follows).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Newest signatures kept for blanking; a server echoes the one of the request it answers. */
const KEPT_SIGNATURES = 64;

/**
 * Blanks known secret values (the client's key, tokens, and the signatures it computed)
 * and anything shaped like an auth header in a text. Secrets obtained at run time are
 * added with `add`, so a token or signature that did not exist when the client was built is
 * blanked too.
 */
export class Redactor {
  private readonly fixed = new Set<string>();
  private readonly recent: string[] = [];

  constructor(secrets: Iterable<string | null | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Blank `secret` from now on (values shorter than 4 characters would blank ordinary text). */
  add(secret: string | null | undefined, runtime = false): void {
    if (!secret || secret.length < 4) return;
    if (!runtime) {
      this.fixed.add(secret);
      return;
    }
    this.recent.push(secret);
    if (this.recent.length > KEPT_SIGNATURES) this.recent.shift();
  }

  redact(text: string): string {
    // Longest first, so a secret holding another is blanked whole.
    const secrets = [...this.fixed, ...this.recent].sort((a, b) => b.length - a.length);
    for (const secret of secrets) text = text.split(secret).join(MASK);
    text = text.replace(SECRET_HEADERS, (_all, name: string, separator: string) => `${name}${separator}${MASK}`);
    return text.replace(SIGNATURE_PARTS, (_all, name: string) => `${name}=${MASK}`);
  }

  /** Redacted and terminal-safe: what every message built from service text goes through. */
  clean(text: string): string {
    return safeText(this.redact(text));
  }

  toString(): string {
    return `Redactor(${this.fixed.size + this.recent.length} secrets)`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * One line with every control character shown as an escape (`\x1b`, `\u202e`) instead of
 * acting on a terminal: C0 (tab, CR and LF included: a message is one line), DEL, C1 and the
 * bidi overrides. Visible and reversible, so nothing the service sent is hidden.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A URL as a message may show it: user and password blanked, query values blanked. */
export function safeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return safeText(text.replace(/\/\/[^/@\s]*@/, `//${MASK}@`).replace(/\?.*$/, `?${MASK}`));
  }
  if (url.username || url.password) {
    url.username = MASK;
    url.password = "";
  }
  const masked = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`);
  url.search = "";
  url.hash = "";
  const shown = url.toString().replace("%2A%2A%2A@", `${MASK}@`);
  return safeText(masked.length ? `${shown}?${masked.join("&")}` : shown);
}
