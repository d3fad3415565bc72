/** Whether a message has more to show than its first line (blank lines do not count). */
export function hasMoreLines(text: string | null | undefined): boolean {
  return !!text && /\r?\n\s*\S/.test(text)
}
