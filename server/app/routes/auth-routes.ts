import { userOf } from '#server/app/auth/auth-context.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { AccountService } from '#server/app/services/account-service.ts'

/** `/api/auth`: first-run setup, sign-in, sign-out, who am I. */
export function authHandlers(
  accounts: AccountService,
): EndpointHandlers<'getSetupStatus' | 'setUp' | 'signIn' | 'signOut' | 'getMe' | 'changePassword'> {
  return {
    getSetupStatus: async () => ({ setupRequired: await accounts.setupRequired() }),
    setUp: (c, { body }) => accounts.setup(c, body),
    signIn: (c, { body }) => accounts.login(c, body),
    signOut: (c) => accounts.logout(c),
    getMe: (c) => accounts.me(userOf(c)),
    changePassword: (c, { body }) => accounts.changePassword(c, body),
  }
}
