import { createMockServer } from '#mocks/node.ts'

export type MockApi = Awaited<ReturnType<typeof createMockServer>>

/** The app's real API over in-memory adapters, at the network edge (MSW), strict about unknown requests. */
export async function startMockApi(options?: Parameters<typeof createMockServer>[0]): Promise<MockApi> {
  const api = await createMockServer(options)
  api.server.listen({ onUnhandledRequest: 'error' })
  return api
}

/** Records when each request matching `method path` started (Date.now(), fake or real). */
export function recordRequests(api: MockApi, method: string, pathname: string | RegExp): number[] {
  const times: number[] = []
  api.server.events.on('request:start', ({ request }) => {
    if (request.method !== method) return
    const path = new URL(request.url).pathname
    if (typeof pathname === 'string' ? path === pathname : pathname.test(path)) times.push(Date.now())
  })
  return times
}
