import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { PasswordHasher } from '#server/app/account-ports.ts'

const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128·N·r so N = 2^15 fits (Node's default limit is 32 MB).
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/**
 * scrypt from node:crypto (the real server's hasher). Format: `scrypt$<N>$<salt>$<hash>` (base64),
 * a random 16-byte salt per password, compared with timingSafeEqual.
 */
export function createScryptHasher(options: { cost?: number } = {}): PasswordHasher {
  const cost = options.cost ?? 2 ** 15
  return {
    async hash(password) {
      const salt = randomBytes(16)
      const key = await derive(password, salt, cost)
      return `scrypt$${cost}$${salt.toString('base64')}$${key.toString('base64')}`
    },
    async verify(password, hash) {
      const [scheme, n, salt, expected] = hash.split('$')
      const hashCost = Number(n)
      if (scheme !== 'scrypt' || !salt || !expected || !Number.isInteger(hashCost) || hashCost < 2)
        return false
      const wanted = Buffer.from(expected, 'base64')
      if (wanted.length !== KEY_LENGTH) return false
      try {
        return timingSafeEqual(await derive(password, Buffer.from(salt, 'base64'), hashCost), wanted)
      } catch {
        return false
      }
    },
  }
}
