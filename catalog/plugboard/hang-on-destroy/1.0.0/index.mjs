// plugboard/hang-on-destroy: never finishes onDestroy and ignores SIGTERM.
export default {
  modules: {
    sticky: {
      onLoad() {
        process.on('SIGTERM', () => console.log('SIGTERM ignored'))
      },
      onDestroy() {
        console.log('cleaning up forever')
        return new Promise(() => {})
      },
    },
  },
}
