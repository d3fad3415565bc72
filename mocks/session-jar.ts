/**
 * The one cookie the API sets, kept for the mocks: attached to requests that carry none of their
 * own, updated from `Set-Cookie` of every response (a new session at sign-in, none after sign-out).
 */
export function createSessionJar(cookieName: string, initial: string | undefined) {
  let token = initial
  return {
    attach(request: Request): Request {
      const cookie = request.headers.get('cookie') ?? ''
      const own = cookie.split(/;\s*/).some((part) => part.startsWith(`${cookieName}=`))
      if (!token || own) return request
      const headers = new Headers(request.headers)
      headers.set('cookie', [cookie, `${cookieName}=${token}`].filter(Boolean).join('; '))
      return new Request(request, { headers })
    },
    remember(response: Response): void {
      for (const header of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = header.split(/;\s*/)
        if (!pair.startsWith(`${cookieName}=`)) continue
        const value = pair.slice(cookieName.length + 1)
        const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute))
        token = value && !expired ? value : undefined
      }
    },
  }
}
