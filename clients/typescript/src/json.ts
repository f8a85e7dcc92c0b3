/**
 * JSON with every integer exact. Node 20's `JSON.parse` turns `9007199254740993` into
 * `...992`; the project's rule is that nothing the service sends is silently changed, so a
 * page is parsed by `lossless-json` whenever it could hold such a number.
 *
 * The policy: an integer within ±(2^53 - 1) is a `number`; an integer beyond is a `bigint`
 * (exact); every other number (a fraction, an exponent) is a `number`, as `JSON.parse` gives
 * it. A text without a run of 16 digits cannot hold an integer beyond 2^53, so it takes the
 * fast path through `JSON.parse` (the figures are in clients/README.md).
 */
import { isInteger, isSafeNumber, parse, stringify } from "lossless-json";

/** A run of 16 digits: the shortest integer beyond 2^53 (9007199254740993) has 16. */
const LONG_DIGITS = /\d{16}/;

/** The number policy: exact `bigint` for integers beyond 2^53, `number` otherwise. */
export function parseJsonNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

/** `JSON.parse`, but every integer exact (see the policy above); throws `SyntaxError`. */
export function parseExactJson(text: string): unknown {
  return LONG_DIGITS.test(text) ? parse(text, null, parseJsonNumber) : JSON.parse(text);
}

/** `JSON.stringify` that writes a `bigint` as a JSON number, digit for digit. */
export function stringifyExactJson(value: unknown, indent?: number): string {
  return stringify(value, null, indent) ?? "null";
}
