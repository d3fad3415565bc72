// plugboard/chatty 1.0.0: a plugin that talks. The ticker writes `tick <n>` every tickMs; the
// `burst` tool writes many lines at once, as a plugin gone chatty would.
let ticks = 0
let timer = null

export default {
  modules: {
    ticker: {
      onLoad(config) {
        const every = typeof config.tickMs === 'number' ? config.tickMs : 1000
        timer = setInterval(() => console.log(`tick ${++ticks}`), every)
        timer.unref()
      },
      onDestroy() {
        clearInterval(timer)
      },
    },
  },
  tools: {
    burst({ count = 1000 } = {}) {
      for (let i = 1; i <= count; i++) console.log(`burst line ${i} of ${count}`)
      return { count }
    },
  },
}
