/** Small helpers shared by the SQL row mappers. */

/** Timestamps come back as ISO strings (see `timestampText`) or Date; the API carries ISO strings. */
export function isoOf(value: unknown): string {
  if (typeof value === 'string' && ISO_UTC.test(value)) return value
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** PostgreSQL's text for a UTC timestamptz: `2026-01-01 12:00:00.123456+00`, fraction optional. */
const PG_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/

/**
 * A timestamptz as the API writes it (`toISOString()`), straight from PostgreSQL's text, with no
 * Date in between: the drivers' own date parsing was a tenth of a list request's CPU. The
 * fraction is cut to milliseconds as Date would. Another offset takes the slow, general path.
 */
export function timestampText(text: string): string {
  const match = PG_UTC.exec(text)
  if (!match) return new Date(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString()
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoOf(value)
}

/** JSON columns are written as text and cast, so arrays stay JSON arrays (pg would send a SQL array). */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value)
}

/** Collects positional parameters while a statement is built. */
export class Params {
  readonly values: unknown[] = []

  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial)
  }

  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** `ILIKE` pattern for "contains `text`", with the pattern's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}
