/**
 * The mocks' session cookie. In the browser neither side of a mocked exchange can carry a cookie
 * (`Cookie` is a forbidden request header, `Set-Cookie` a forbidden response header), so the app
 * tells the jar of every new session and of sign-outs (`onSessionChange`) and reads it back for
 * requests that carry no cookie of their own (`ambientSessionToken`).
 */
export function createSessionJar(initial: string | undefined) {
  let token = initial
  return {
    current: (): string | undefined => token,
    set(next: string | null): void {
      token = next ?? undefined
    },
  }
}

export type SessionJar = ReturnType<typeof createSessionJar>
