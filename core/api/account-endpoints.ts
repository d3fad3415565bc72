import type { Endpoint } from './endpoint-types.ts'

/** Signing up, in and out, and the workspaces of the signed-in user. */
export const ACCOUNT_ENDPOINTS = {
  getSetupStatus: {
    method: 'GET',
    path: '/api/auth/setup',
    access: 'public',
    status: 200,
    summary: 'Whether first-run setup is still open (no user yet)',
  },
  setUp: {
    method: 'POST',
    path: '/api/auth/setup',
    access: 'public',
    status: 201,
    summary: 'First run: create the owner and the workspace `default`, signed in (409 once a user exists)',
    errors: ['CONFLICT'],
    session: 'set',
  },
  signIn: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    status: 200,
    summary: 'Sign in: a new session cookie every time (5 failures in 15 min → 429 with Retry-After)',
    errors: ['UNAUTHENTICATED', 'RATE_LIMITED'],
    session: 'set',
  },
  signOut: {
    method: 'POST',
    path: '/api/auth/logout',
    access: 'public',
    status: 204,
    summary: 'Sign out: the session is deleted and the cookie cleared',
    session: 'clear',
  },
  getMe: {
    method: 'GET',
    path: '/api/auth/me',
    access: 'authenticated',
    status: 200,
    summary: 'The signed-in user and their workspaces with roles',
  },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    access: 'authenticated',
    status: 204,
    summary: 'Change the signed-in user’s password; their other sessions end',
  },
  listWorkspaces: {
    method: 'GET',
    path: '/api/workspaces',
    access: 'authenticated',
    status: 200,
    summary: "The signed-in user's workspaces",
  },
  createWorkspace: {
    method: 'POST',
    path: '/api/workspaces',
    access: 'authenticated',
    status: 201,
    summary: 'Create a workspace; the caller becomes its owner',
  },
} as const satisfies Record<string, Endpoint>
