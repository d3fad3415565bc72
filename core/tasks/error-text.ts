/** The first line of a (possibly multi-line) message: what a list or a toast shows. */
export function firstLine(text: string | null | undefined): string {
  if (!text) return ''
  return text.split(/\r?\n/, 1)[0] ?? ''
}

/**
 * A failure's full text: the message, then the detail. A detail that already starts with the
 * message (a task item's `error.detail` does, see decision 0004) is the full text as it is.
 */
export function fullErrorText(message: string, detail: string | null | undefined): string {
  if (!detail) return message
  return detail.startsWith(message) ? detail : `${message}\n${detail}`
}
