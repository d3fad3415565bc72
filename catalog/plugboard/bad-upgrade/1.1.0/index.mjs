// plugboard/bad-upgrade 1.1.0: its entry throws while being imported, so no worker of this version
// ever becomes ready (unlike a module that throws in onLoad, which only degrades the plugin).
throw new Error('bad-upgrade 1.1.0: the settings format changed and the migration is missing')
