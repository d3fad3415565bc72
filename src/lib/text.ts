/** The first line of a (possibly multi-line) message; the rest is shown on demand. */
export function firstLine(text: string | null | undefined): string {
  if (!text) return ''
  return text.split(/\r?\n/, 1)[0] ?? ''
}

export function hasMoreLines(text: string | null | undefined): boolean {
  return !!text && /\r?\n\s*\S/.test(text)
}
