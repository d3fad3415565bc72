import { FIRST_LIST_GLOBAL } from '#core/web/first-list-script.ts'

interface FirstList {
  url: string
  response: Promise<Response>
}

/**
 * The plugin list index.html's script asked for before the JavaScript ran (core/web/first-list-script.ts),
 * if it is the request for `path`. Taken by the first list query, whatever its URL, then forgotten:
 * it is never the answer to a later request.
 */
export function takeFirstList(path: string): Promise<Response> | undefined {
  const holder = window as unknown as Record<string, FirstList | undefined>
  const first = holder[FIRST_LIST_GLOBAL]
  if (!first) return undefined
  delete holder[FIRST_LIST_GLOBAL]
  return first.url === path ? first.response : undefined
}
