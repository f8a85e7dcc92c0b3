/**
 * The rules that turn a wire value into the normalized task's value (api-facts section 2:
 * numbers come as numbers or strings, enums in any letter case, flags as `"true"`/`"false"`,
 * any field may be `null` or missing). The generated `view.gen.ts` applies them field by
 * field; the rules are the Python layer's (`taurusdb_replication._models`).
 */

/** A JSON object as the wire sent it. */
export type WireObject = Readonly<Record<string, unknown>>;

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0"]);

/** Text as sent; a number or boolean in its JSON spelling; `null` when absent. */
export function parseText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A finite number from a JSON number or a numeric string; anything else gives `null`. */
export function parseNumber(value: unknown): number | null {
  let number: number;
  if (typeof value === "number") number = value;
  else if (typeof value === "string" && NUMERIC.test(value.trim())) number = Number(value.trim());
  else return null;
  return Number.isFinite(number) ? number : null;
}

/** A non-negative integer from a JSON number or a string of digits (a page's `total_count`). */
export function parseCount(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** `true`/`false` from a JSON boolean or `"true"`/`"false"`/`"yes"`/`"no"`/`"1"`/`"0"` in any case. */
export function parseBool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  const lowered = value.trim().toLowerCase();
  if (TRUE.has(lowered)) return true;
  if (FALSE.has(lowered)) return false;
  return null;
}

/** A known enum value (lower-cased) in any letter case; other text kept exactly as sent. */
export function parseEnum<const V extends string>(value: unknown, known: readonly V[]): V | (string & {}) | null {
  const text = parseText(value);
  if (text === null) return null;
  const lowered = text.trim().toLowerCase();
  return (known as readonly string[]).includes(lowered) ? (lowered as V) : text;
}
