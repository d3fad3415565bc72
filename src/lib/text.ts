/** Whether a message has more to show than its first line (blank lines do not count). */
export function hasMoreLines(text: string | null | undefined): boolean {
  return !!text && /\r?\n\s*\S/.test(text)
}

/**
 * A whole number with thousands separators, `12,345`, as `toLocaleString('en-US')` writes it but
 * without it: the first call of an Intl formatter loads ICU data (~20 ms of the plugins page's first
 * render on this machine, in a CPU profile of its load).
 */
export function groupDigits(value: number): string {
  const sign = value < 0 ? '-' : ''
  return sign + String(Math.trunc(Math.abs(value))).replace(/\B(?=(\d{3})+$)/g, ',')
}
