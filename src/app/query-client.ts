import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { isApiRequestError } from '#src/lib/api-client.ts'

export function createQueryClient() {
  // A session that ends while the console is open: any 401 re-asks "who am I", whose own 401
  // makes the shell send the visitor to sign in.
  const onError = (error: unknown) => {
    if (isApiRequestError(error) && error.code === 'UNAUTHENTICATED') {
      void queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey, refetchType: 'active' })
    }
  }
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== authQueries.all()[0]) onError(error)
      },
    }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // A 4xx will answer the same the second time; retry only network failures and 5xx.
        retry: (count, error) =>
          count < 2 && (!isApiRequestError(error) || error.status === 0 || error.status >= 500),
      },
    },
  })
  return queryClient
}
