// plugboard/slow-loader: onLoad warms up for `loadDelayMs` (config, default 3000), then runs.
export default {
  modules: {
    warmup: {
      async onLoad(config) {
        const delay = Number.isInteger(config.loadDelayMs) ? config.loadDelayMs : 3000
        console.log(`warming up for ${delay} ms`)
        await new Promise((resolve) => setTimeout(resolve, delay))
        console.log('warm')
      },
      onDestroy() {
        console.log('cooled down')
      },
    },
  },
}
