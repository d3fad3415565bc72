/** Where Debian's Chromium is (or CHROMIUM_PATH), or null when this machine has none. */
export function chromiumPath(): string | null
