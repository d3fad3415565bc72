/**
 * Text the server can keep: every string of a request (path, query, JSON body) and every entry name
 * of a package passes this rule before anything is looked up or written. PostgreSQL refuses NUL in
 * text and unpaired UTF-16 surrogates in JSON, and neither can be shown or typed by anyone, so such
 * input is refused up front instead of failing half-way through a write.
 */

// A surrogate code unit that is not part of a pair (with the u flag, a pair reads as one astral code point).
const LONE_SURROGATE = /\p{Cs}/u
const UNSTORABLE = /\0|\p{Cs}/gu

/** Deeper JSON than any request of the API needs; refused before it is walked. */
export const MAX_JSON_DEPTH = 32

/** Why `text` cannot be stored, or null when it can. */
export function storedTextProblem(text: string): string | null {
  if (text.includes('\0')) return 'must not contain NUL characters'
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates'
  return null
}

/** `text` with what cannot be stored replaced by U+FFFD, for quoting it back in an error. */
export const printable = (text: string): string => text.replace(UNSTORABLE, '\uFFFD')

const at = (path: readonly (string | number)[]) =>
  path.length ? path.map((segment) => printable(String(segment))).join('.') : '(root)'

/**
 * Every string inside a parsed JSON value (object keys included) that cannot be stored, as
 * `path: reason` lines in the shape of a validation error's details.
 */
export function storedTextProblems(value: unknown, path: (string | number)[] = []): string[] {
  if (path.length > MAX_JSON_DEPTH) return [`${at(path)}: nested more than ${MAX_JSON_DEPTH} levels deep`]
  if (typeof value === 'string') {
    const problem = storedTextProblem(value)
    return problem ? [`${at(path)}: ${problem}`] : []
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => storedTextProblems(item, [...path, index]))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyProblem = storedTextProblem(key)
      const keyLines = keyProblem ? [`${at([...path, key])}: the field name ${keyProblem}`] : []
      return [...keyLines, ...storedTextProblems(item, [...path, key])]
    })
  }
  return []
}
