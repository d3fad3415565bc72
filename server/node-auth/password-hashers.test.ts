import { describe, expect, test } from 'vitest'
import { createPbkdf2Hasher } from '#server/memory/pbkdf2-hasher.ts'
import { createScryptHasher } from './scrypt-hasher.ts'

describe.each([
  ['scrypt', createScryptHasher({ cost: 2 ** 12 }), /^scrypt\$4096\$/],
  ['PBKDF2', createPbkdf2Hasher({ iterations: 1_000 }), /^pbkdf2\$1000\$/],
])('%s hasher', (_name, hasher, format) => {
  test('verifies the right password only; a per-password salt makes equal passwords hash apart', async () => {
    const hash = await hasher.hash('correct horse battery')
    expect(hash).toMatch(format)
    expect(hash).not.toContain('correct horse')
    expect(await hasher.verify('correct horse battery', hash)).toBe(true)
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false)
    expect(await hasher.hash('correct horse battery')).not.toBe(hash)
  })

  test('a malformed or foreign hash verifies nothing', async () => {
    for (const hash of ['', 'plain', 'scrypt$x$y$z', 'pbkdf2$0$AA==$AA==', '$$$']) {
      expect(await hasher.verify('anything', hash)).toBe(false)
    }
  })
})
