import { afterEach, describe, expect, test, vi } from 'vitest'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { ApiRequestError, apiRequest, toSearch } from './api-client.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('apiRequest', () => {
  test('an error body becomes a typed error with code, message and details', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { error: { code: 'TASK_ALREADY_ACTIVE', message: 'busy', details: { taskId: 't1' } } },
          { status: 409 },
        ),
      ),
    )
    const error = await apiRequest('/api/x').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiRequestError)
    expect(error).toMatchObject({
      code: 'TASK_ALREADY_ACTIVE',
      message: 'busy',
      status: 409,
      details: { taskId: 't1' },
    })
  })

  test('a network failure is a typed error too', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
  })

  test('a body that is not an error envelope still fails with the status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })),
    )
    await expect(apiRequest('/api/x')).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502 })
  })

  test('204 answers undefined; JSON bodies are parsed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    )
    await expect(apiRequest('/api/x', { method: 'DELETE' })).resolves.toBeUndefined()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ cleared: 3 })),
    )
    await expect(apiRequest('/api/x', { method: 'POST' })).resolves.toEqual({ cleared: 3 })
  })
})

test('toSearch skips empty values', () => {
  expect(toSearch({ q: '', status: 'ready', page: 2, category: undefined })).toBe('?status=ready&page=2')
  expect(toSearch({})).toBe('')
})

test('mutations carry the CSRF header the server expects', async () => {
  const fetchMock = vi.fn(async (_path: string, _init?: RequestInit) => Response.json({}))
  vi.stubGlobal('fetch', fetchMock)
  await apiRequest('/api/x', { method: 'POST', body: {} })
  expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get(CSRF_HEADER)).toBe(CSRF_HEADER_VALUE)
})
