/** A new session token: 32 random bytes, base64url (the cookie value; never stored). */
export function newSessionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

/**
 * The stored id of a session, and the stored hash of an API token: SHA-256 of the secret, hex. A
 * plain hash suffices because the secrets are 32 random bytes, not something a person chose.
 */
export async function sessionIdOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A random temporary password for an invited user (shown once). */
export function newTemporaryPassword(): string {
  return newSessionToken().slice(0, 20)
}
