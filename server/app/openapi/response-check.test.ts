import { expect, test } from 'vitest'
import { checkResponse } from './response-check.test-helpers.ts'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
const error = (code: string) => ({ error: { code, message: 'no' } })

test('an answer the document describes passes', async () => {
  await checkResponse('GET', '/api/health', json(200, { status: 'ok' }))
  await checkResponse('GET', 'http://localhost:1/api/no-such-thing', json(404, error('NOT_FOUND')))
  await checkResponse('POST', '/api/auth/login', json(429, error('RATE_LIMITED'), { 'retry-after': '60' }))
  await checkResponse('DELETE', '/api/workspaces/w/tasks/t', new Response(null, { status: 204 }))
  await checkResponse('GET', '/plugins/plg_1', new Response('<html>', { status: 200 }))
})

test('a status the operation does not list fails', async () => {
  await expect(checkResponse('GET', '/api/health', json(404, error('NOT_FOUND')))).rejects.toThrow(
    /does not list/,
  )
  await expect(checkResponse('GET', '/api/no-such-thing', json(200, {}))).rejects.toThrow(/does not list/)
})

test('a body its schema refuses fails, and so does a body where none is said', async () => {
  await expect(checkResponse('GET', '/api/health', json(200, { status: 'fine' }))).rejects.toThrow(/refuses/)
  await expect(checkResponse('GET', '/api/health', json(500, { message: 'oops' }))).rejects.toThrow(/refuses/)
  // A 204 cannot carry a body; a 200 where the document says 204 is refused first.
  await expect(
    checkResponse('DELETE', '/api/workspaces/w/tasks/t', new Response('{}', { status: 200 })),
  ).rejects.toThrow(/does not list/)
})

test('Set-Cookie and Retry-After: required where declared, refused where not', async () => {
  await expect(checkResponse('POST', '/api/auth/login', json(429, error('RATE_LIMITED')))).rejects.toThrow(
    /without its Retry-After/,
  )
  await expect(
    checkResponse('GET', '/api/health', json(200, { status: 'ok' }, { 'set-cookie': 'a=b' })),
  ).rejects.toThrow(/undeclared Set-Cookie/)
  await expect(
    checkResponse('POST', '/api/auth/logout', new Response(null, { status: 204 })),
  ).rejects.toThrow(/without its Set-Cookie/)
})
