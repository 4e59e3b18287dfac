/**
 * Which pages may open a signaling socket. The app connects to the server that served it
 * (`signalingUrl` uses the page's own host), so an honest tab's Origin always names the host
 * it sent the upgrade to, whatever name or address the teacher printed or the student typed
 * (localhost, 127.0.0.1, a LAN address, the laptop's name). A page of any other site
 * (a cross-site WebSocket) names its own site and is refused.
 */
export interface OriginPolicy {
  /** Further page origins allowed, e.g. a page served elsewhere (`--origin`). */
  readonly allowed: ReadonlySet<string>;
  /** Accept any Origin (`--any-origin`), for a deployment behind a proxy that rewrites Host. */
  readonly any: boolean;
}

/** The policy for the server's options: allowed origins are normalised as URL.origin. */
export function originPolicy(allowed: readonly string[] = [], any = false): OriginPolicy {
  return { allowed: new Set(allowed.map((origin) => new URL(origin).origin)), any };
}

/**
 * True if a WebSocket upgrade with this Origin and Host may proceed. No Origin: not a browser
 * page (Node's ws, scripts/peer.ts, curl), which could send any Origin it liked, so the check
 * would stop nothing; the per-address caps bound such clients instead.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: OriginPolicy,
): boolean {
  if (policy.any || origin === undefined) return true;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
  // URL.origin lowercases the host and drops a default port, as the allowed entries were.
  if (policy.allowed.has(page.origin)) return true;
  if (host === undefined || (page.protocol !== 'http:' && page.protocol !== 'https:')) {
    return false;
  }
  try {
    // The Host header read with the page's scheme, so "x" and "x:80" compare as one.
    return new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false;
  }
}
