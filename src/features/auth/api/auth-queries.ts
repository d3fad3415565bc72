import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { LoginRequest, Me } from '#core/api/auth-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'

export const authQueries = {
  all: () => ['auth'] as const,
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: ({ signal }) => apiRequest<Me>(apiPaths.me, { signal }),
      staleTime: 5 * 60_000,
      retry: false,
      // The answer the route loader already had (a 401 sends to sign-in) is not asked again on mount.
      retryOnMount: false,
    }),
  setupStatus: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'setup'] as const,
      queryFn: ({ signal }) => apiRequest<{ setupRequired: boolean }>(apiPaths.setup, { signal }),
    }),
}

export interface SetupForm {
  email: string
  name: string
  password: string
  workspaceName: string
}

/** Sign-in and first-run setup both answer who is now signed in. */
export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: { kind: 'login'; body: LoginRequest } | { kind: 'setup'; body: SetupForm }) =>
      apiRequest<Me>(request.kind === 'login' ? apiPaths.login : apiPaths.setup, {
        method: 'POST',
        body: request.body,
      }),
    onSuccess: (me) => {
      // Another user's cached data must not show through.
      queryClient.clear()
      queryClient.setQueryData(authQueries.me().queryKey, me)
    },
  })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => apiRequest<void>(apiPaths.logout, { method: 'POST' }),
    onSettled: () => queryClient.clear(),
  })
}
