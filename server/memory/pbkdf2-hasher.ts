import type { PasswordHasher } from '#server/app/account-ports.ts'

const encoder = new TextEncoder()
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0))

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  )
  return new Uint8Array(bits)
}

/** Compares without an early exit, so the time taken says nothing about where bytes differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    difference |= (a[index] ?? 0) ^ (b[index] ?? 0)
  }
  return difference === 0
}

/**
 * PBKDF2-SHA256 over WebCrypto: the isomorphic hasher of the mocks (the real server uses scrypt).
 * Format: `pbkdf2$<iterations>$<salt>$<hash>` (base64), a random 16-byte salt per password.
 */
export function createPbkdf2Hasher(options: { iterations?: number } = {}): PasswordHasher {
  const iterations = options.iterations ?? 210_000
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(16))
      return `pbkdf2$${iterations}$${toBase64(salt)}$${toBase64(await derive(password, salt, iterations))}`
    },
    async verify(password, hash) {
      const [scheme, rounds, salt, expected] = hash.split('$')
      const count = Number(rounds)
      if (scheme !== 'pbkdf2' || !salt || !expected || !Number.isInteger(count) || count < 1) return false
      try {
        return sameBytes(await derive(password, fromBase64(salt), count), fromBase64(expected))
      } catch {
        return false
      }
    },
  }
}
