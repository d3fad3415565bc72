// plugboard/never-loads: onLoad returns a promise that never settles.
export default {
  modules: {
    stuck: {
      onLoad() {
        console.log('waiting for a dependency that never comes')
        return new Promise(() => {})
      },
    },
  },
}
