// A bare server answering fixed bytes for fixed paths: the floor Plugboard is measured against.
// `node:http` or a bare Hono app on @hono/node-server; the answers come from a JSON file
// { "<path>": "<body>" } captured from the real server.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const [kind, file] = process.argv.slice(2)
const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(file as string, 'utf8')) as Record<string, string>),
)
const announce = (port: number) => process.stdout.write(`listening http://127.0.0.1:${port}\n`)

if (kind === 'node') {
  const server = http.createServer((request, response) => {
    const body = bodies.get(request.url ?? '')
    if (body === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port))
} else {
  const app = new Hono()
  app.get('*', (c) => {
    const body = bodies.get(c.req.path + (new URL(c.req.url).search || ''))
    return body === undefined ? c.notFound() : c.body(body, 200, { 'content-type': 'application/json' })
  })
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => announce(info.port))
}
