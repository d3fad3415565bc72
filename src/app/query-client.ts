import { QueryClient } from '@tanstack/react-query'
import { isApiRequestError } from '#src/lib/api-client.ts'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // A 4xx will answer the same the second time; retry only network failures and 5xx.
        retry: (count, error) =>
          count < 2 && (!isApiRequestError(error) || error.status === 0 || error.status >= 500),
      },
    },
  })
}
