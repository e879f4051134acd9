/**
 * Where to go after signing in (`/login?next=…`): a path on this portal only, so a crafted link
 * cannot send someone to another site (`//evil.test`, `/\evil.test`, `https://…`).
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/keys'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // Control characters (a newline, a tab) have no place in a path and can confuse URL parsing.
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) < 0x20) return fallback;
  return raw;
}
