import { expect, test } from 'vitest'
import { FIRST_LIST_SCRIPT, FIRST_LIST_SCRIPT_HASH } from './first-list-script.ts'

test('the CSP hash is the hash of the script the build inlines', async () => {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(FIRST_LIST_SCRIPT)),
  )
  expect(FIRST_LIST_SCRIPT_HASH).toBe(`'sha256-${btoa(String.fromCharCode(...digest))}'`)
})
