/** Small helpers shared by the SQL row mappers. */

/** Timestamps come back from both drivers as Date; the API carries ISO strings. */
export function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()
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
