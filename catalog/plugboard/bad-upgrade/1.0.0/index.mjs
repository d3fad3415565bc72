// plugboard/bad-upgrade 1.0.0: a plain, healthy plugin that reports its version.
export default {
  modules: {
    main: {
      onLoad() {
        console.log('bad-upgrade 1.0.0 loaded')
      },
    },
  },
  tools: {
    version: () => ({ version: '1.0.0' }),
  },
}
