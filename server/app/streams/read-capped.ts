/**
 * Reads a byte stream whole, counting as it goes: once more than `limit` bytes have come it cancels
 * the stream and throws `tooMuch()`, so a huge (or endless) stream is never held in memory.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooMuch: () => Error,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw tooMuch()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
