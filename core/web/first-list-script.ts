/**
 * The plugins page's list is asked for before the console's JavaScript has arrived and run: this
 * classic script, inlined into index.html's head by the build (vite.config.ts), starts the request
 * the route loader will make for the page's URL and leaves `{ url, response }` under
 * `FIRST_LIST_GLOBAL`. The list query takes it once, only for that exact URL
 * (src/lib/first-list.ts); any other URL, or a failed answer, goes through the normal fetch. The
 * server allows this one inline script by its hash (server/app/http/security-headers.ts).
 *
 * It mirrors `pluginListParams` and the list query's `toSearch({ pageSize, ...params })` for the
 * usual URLs (a test runs both over the same URLs); for a URL it gets wrong the request is wasted,
 * never misused. Plain ES2017 text: it runs as it is written, untranspiled.
 */
export const FIRST_LIST_GLOBAL = '__plugboardFirstList'

export const FIRST_LIST_SCRIPT = `(function () {
  var page = /^\\/(?:w\\/([^/]+)\\/plugins\\/?)?$/.exec(location.pathname)
  if (!page || !window.fetch) return
  var asked = new URLSearchParams(location.search)
  var search = new URLSearchParams({ pageSize: asked.get('pageSize') || '50' })
  var q = (asked.get('q') || '').trim()
  if (q) search.set('q', q)
  ;['status', 'category'].forEach(function (key) {
    if (asked.get(key)) search.set(key, asked.get(key))
  })
  search.set('sort', asked.get('sort') || 'name')
  search.set('page', String(Math.max(1, Number(asked.get('page')) || 1)))
  var url = '/api/workspaces/' + (page[1] || 'default') + '/plugins?' + search
  var response = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
  response.catch(function () {})
  window.${FIRST_LIST_GLOBAL} = { url: url, response: response }
})()`

/** The script's CSP hash (`script-src`); first-list-script.test.ts checks it against the text above. */
export const FIRST_LIST_SCRIPT_HASH = "'sha256-6uqUtYzHmFPE1Hox2zPAY6CSCc/wmMwZ0R7WEcpHFek='"
