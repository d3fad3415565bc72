import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs, ShouldRevalidateFunctionArgs } from 'react-router'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { pluginQueries } from '#src/features/plugins/api/plugin-queries.ts'
import { pluginListParams } from '#src/features/plugins/components/plugin-list-params.ts'
import { taskQueries } from '#src/features/tasks/api/task-queries.ts'
import { workspaceQueries } from '#src/features/workspaces/api/workspace-queries.ts'
import { DEFAULT_WORKSPACE } from './workspace.ts'

/**
 * Route loaders that start the queries a page will ask for as soon as the router matches it, in
 * parallel with the page's code and the first render, instead of after them. They never wait: the
 * pages read the same cache entries with useQuery and show their own loading states.
 */
export function routeLoaders(queryClient: QueryClient) {
  const workspaceOf = (args: LoaderFunctionArgs) => args.params.workspaceId ?? DEFAULT_WORKSPACE
  return {
    /** What the shell shows on every page of a workspace: who is signed in, the policy, the tasks. */
    workspace(args: LoaderFunctionArgs): null {
      const workspaceId = workspaceOf(args)
      void queryClient.prefetchQuery(authQueries.me())
      void queryClient.prefetchQuery(workspaceQueries.settings(workspaceId))
      void queryClient.prefetchQuery(taskQueries.latest(workspaceId))
      return null
    },
    /** The shell's queries stay with their own freshness rules once loaded: only a new workspace asks again. */
    workspaceRevalidates({ currentParams, nextParams }: ShouldRevalidateFunctionArgs): boolean {
      return currentParams.workspaceId !== nextParams.workspaceId
    },
    /** The page of plugins the URL asks for. */
    plugins(args: LoaderFunctionArgs): null {
      const params = pluginListParams(new URL(args.request.url).searchParams)
      void queryClient.prefetchQuery(pluginQueries.list(workspaceOf(args), params))
      return null
    },
  }
}
