import { QueryClient } from '@tanstack/react-query'
import { afterEach, expect, test, vi } from 'vitest'
import { FIRST_LIST_SCRIPT } from '#core/web/first-list-script.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { pluginListParams } from '#src/features/plugins/components/plugin-list-params.ts'

const emptyList = { items: [], total: 0, page: 1, pageSize: 50 }

/** Opens `url` as index.html would: its script runs, then the app asks for the list of the URL. */
async function openPlugins(url: string, answers: Response[] = []) {
  const fetchMock = vi.fn(
    async (_path: string, _init?: RequestInit) => answers.shift() ?? Response.json(emptyList),
  )
  vi.stubGlobal('fetch', fetchMock)
  window.history.replaceState(null, '', url)
  new Function(FIRST_LIST_SCRIPT)()
  const workspaceId = /^\/w\/([^/]+)/.exec(new URL(url, 'http://x').pathname)?.[1] ?? 'default'
  const params = pluginListParams(new URL(url, 'http://x').searchParams)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const list = await queryClient.fetchQuery(pluginQueries.list(workspaceId, params))
  return {
    fetchMock,
    list,
    urls: fetchMock.mock.calls.map(([path]) => path),
    queryClient,
    workspaceId,
    params,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
})

test.each([
  '/',
  '/w/default/plugins',
  '/w/acme/plugins/',
  '/w/acme/plugins?q=%20hello%20&status=error&category=chat&sort=status&page=3&pageSize=100',
  '/w/acme/plugins?page=0&pageSize=500',
])('the script asks for exactly the list the page asks for, once: %s', async (url) => {
  const { urls, fetchMock } = await openPlugins(url)
  expect(urls).toHaveLength(1)
  expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('accept')).toBe('application/json')
})

test('a URL the script reads differently from the page costs a request but never answers it', async () => {
  const { urls } = await openPlugins('/w/acme/plugins?status=bogus&pageSize=7')
  expect(urls).toEqual([
    '/api/workspaces/acme/plugins?pageSize=7&status=bogus&sort=name&page=1',
    '/api/workspaces/acme/plugins?pageSize=50&sort=name&page=1',
  ])
})

test('a failed early answer falls back to the normal request', async () => {
  const { urls, list } = await openPlugins('/w/acme/plugins', [
    Response.json({ error: { code: 'INTERNAL', message: 'x' } }, { status: 500 }),
  ])
  expect(urls).toHaveLength(2)
  expect(urls[0]).toBe(urls[1])
  expect(list).toEqual(emptyList)
})

test('the early answer is taken once: the next request for the same URL fetches anew', async () => {
  const { fetchMock, queryClient, workspaceId, params } = await openPlugins('/w/acme/plugins')
  await queryClient.refetchQueries({ queryKey: pluginQueries.list(workspaceId, params).queryKey })
  expect(fetchMock).toHaveBeenCalledTimes(2)
})

test('other pages ask for nothing early', async () => {
  vi.stubGlobal('fetch', vi.fn())
  for (const url of ['/w/acme/marketplace', '/w/acme/plugins/acme%2Fhello', '/login']) {
    window.history.replaceState(null, '', url)
    new Function(FIRST_LIST_SCRIPT)()
  }
  expect(fetch).not.toHaveBeenCalled()
})
