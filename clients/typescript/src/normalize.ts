/**
 * The rules that turn a wire value into the normalized task's value (api-facts section 2:
 * numbers come as numbers or strings, enums in any letter case, flags as `"true"`/`"false"`,
 * any field may be `null` or missing). The generated `view.gen.ts` applies them field by
 * field; the rules are the Python layer's (`taurusdb_replication._models`).
 */

import { stringifyExactJson } from "./json.js";

/** A JSON object as the wire sent it (integers beyond 2^53 as `bigint`, see `json.ts`). */
export type WireObject = Readonly<Record<string, unknown>>;

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0"]);

/** Text as sent; a number or boolean in its JSON spelling; `null` when absent. */
export function parseText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  return typeof value === "object" ? stringifyExactJson(value) : String(value);
}

/** A finite number from a JSON number or a numeric string; anything else gives `null`. */
export function parseNumber(value: unknown): number | null {
  let number: number;
  if (typeof value === "number") number = value;
  else if (typeof value === "bigint") number = Number(value);
  else if (typeof value === "string" && NUMERIC.test(value.trim())) number = Number(value.trim());
  else return null;
  return Number.isFinite(number) ? number : null;
}

const INTEGER = /^[+-]?\d+$/;

/**
 * An exact integer from a JSON integer or a string of digits: a `number` within
 * ±(2^53 - 1), a `bigint` beyond (the policy of `json.ts`); anything else gives `null`.
 */
export function parseInteger(value: unknown): number | bigint | null {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== "string" || !INTEGER.test(value.trim())) return null;
  const exact = BigInt(value.trim());
  return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact;
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

/**
 * Keep a value its field could not read (`"12ms"` where a number is specified): the field is
 * null, the value as sent goes to `extra` under the field's name, the reason to `unreadable`.
 * Absent and `null` are not unreadable.
 */
export function unread(raw: WireObject, name: string, expected: string, extra: Record<string, unknown>, unreadable: Record<string, string>): void {
  const value = raw[name];
  if (value === null || value === undefined) return;
  extra[name] = value;
  const shown = typeof value === "string" ? JSON.stringify(value) : parseText(value) ?? "";
  unreadable[name] = `expected ${expected}, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`;
}
