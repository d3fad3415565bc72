import type { Page } from 'playwright-core'
import { scaled } from '#tests/support/time-factor.ts'

/**
 * When the page first shows an element matching `selector` whose text has both `name` and `text`
 * (ignoring case; `name` null: the text is all of it), by the page's own clock (a
 * MutationObserver, so a state shown for a moment is not missed). Measure from after `armed`: a
 * match already on screen then counts at once.
 */
export function markWhen(page: Page, selector: string, name: string | null, text: string) {
  const key = `mark-${Math.random().toString(36).slice(2)}`
  const armed = page.evaluate(
    ({ key, selector, name, text }) => {
      const marks = window as unknown as Record<string, number>
      const check = () => {
        const found = [...document.querySelectorAll(selector)].some((element) => {
          const shown = (element.textContent ?? '').trim().toLowerCase()
          return name === null
            ? shown === text.toLowerCase()
            : shown.includes(name.toLowerCase()) && shown.includes(text.toLowerCase())
        })
        if (found && !marks[key]) {
          marks[key] = Date.now()
          observer.disconnect()
        }
      }
      const observer = new MutationObserver(check)
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
      check()
    },
    { key, selector, name, text },
  )
  const at = armed.then(async () => {
    const handle = await page.waitForFunction(
      (key) => (window as unknown as Record<string, number>)[key],
      key,
      { timeout: scaled(30_000), polling: 100 },
    )
    return (await handle.jsonValue()) as number
  })
  return { armed, at }
}
