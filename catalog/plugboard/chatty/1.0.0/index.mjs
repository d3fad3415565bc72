// plugboard/chatty 1.0.0: a plugin that talks. The ticker writes `tick <n>` every tickMs; the
// `burst` tool writes many lines at once, as a plugin gone chatty would.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
let ticks = 0
/** @type {ReturnType<typeof setInterval> | undefined} */
let timer

export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    ticker: {
      onLoad(config) {
        const every = typeof config.tickMs === 'number' ? config.tickMs : 1000
        const ticker = setInterval(() => console.log(`tick ${++ticks}`), every)
        ticker.unref()
        timer = ticker
      },
      onDestroy() {
        clearInterval(timer)
      },
    },
  },
  tools: {
    burst(params = {}) {
      const count = typeof params.count === 'number' ? params.count : 1000
      for (let i = 1; i <= count; i++) console.log(`burst line ${i} of ${count}`)
      return { count }
    },
  },
})
