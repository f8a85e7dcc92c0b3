/**
 * The rules of the values the spec's `x-taurusdb-derived` lists (clients compute them from a
 * field; the generated view calls them by name), as in the Python layer's view.
 */

/** `healthy`: true only when `status` is `Yes`, in any letter case. */
export function deriveHealthy(status: string | null): boolean {
  return status !== null && status.trim().toLowerCase() === "yes";
}
