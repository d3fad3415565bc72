import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { PackageUpload } from './package-upload.tsx'

const PACKAGES = '*/api/workspaces/default/packages'
const INSTALLS = '*/api/workspaces/default/installs'
const SHA = 'a'.repeat(64)
const UPLOADED: UploadedPackage = {
  packageId: 'pkg_1',
  sha256: SHA,
  manifest: {
    id: 'acme/uploaded',
    name: 'Uploaded <b>Plugin</b>',
    version: '1.2.3',
    description: 'From a file',
    author: 'Acme',
    icon: null,
    categories: [],
    capabilities: ['http:fetch'],
    modules: [{ id: 'main', name: 'Main module', type: 'worker' }],
    main: 'index.js',
    minHostVersion: '1.0.0',
  },
}

let api: MockApi
/** What arrived: the request's media type and whether the `file` field was there. */
let uploads: { multipart: boolean; file: boolean }[]
let installs: unknown[]

// `POST …/packages` is not on the server yet: this test serves the documented contract itself.
beforeEach(async () => {
  api = await startMockApi({ scenario: 'empty' })
  uploads = []
  installs = []
  api.server.use(
    http.post(PACKAGES, async ({ request }) => {
      // (jsdom's File does not survive Node's fetch byte for byte, so the bytes are not compared.)
      const multipart = request.headers.get('content-type')?.startsWith('multipart/form-data;') ?? false
      uploads.push({ multipart, file: (await request.formData()).has('file') })
      return HttpResponse.json(UPLOADED, { status: 201 })
    }),
    http.post(INSTALLS, async ({ request }) => {
      installs.push(await request.json())
      return HttpResponse.json({ error: { code: 'NOT_FOUND', message: 'unknown package' } }, { status: 404 })
    }),
  )
})
afterEach(() => {
  api.server.close()
})

const tgz = (name = 'uploaded-1.2.3.tgz') =>
  new File([new Uint8Array([0x1f, 0x8b, 8, 0])], name, { type: 'application/gzip' })

test('choosing a .tgz uploads it, shows the manifest and sha256 as text, and Install posts the package', async () => {
  renderWithApp(<PackageUpload workspaceId="default" />)
  const user = userEvent.setup()
  await user.upload(screen.getByLabelText('Choose a package file'), tgz())
  const card = await screen.findByRole('article', { name: 'Uploaded package Uploaded <b>Plugin</b>' })
  expect(uploads).toEqual([{ multipart: true, file: true }])
  expect(card).toHaveTextContent(SHA)
  expect(card).toHaveTextContent('http:fetch')
  expect(card.querySelector('b')).toBeNull()
  await user.click(within(card).getByRole('button', { name: 'Install package' }))
  await waitFor(() => expect(installs).toEqual([{ items: [{ source: 'package', packageId: 'pkg_1' }] }]))
})

test('a dropped file is uploaded too; a file that is not a .tgz is refused before sending', async () => {
  renderWithApp(<PackageUpload workspaceId="default" />)
  const zone = screen.getByTestId('package-drop-zone')
  fireEvent.drop(zone, { dataTransfer: { files: [new File(['x'], 'notes.txt')] } })
  expect(await screen.findByRole('alert')).toHaveTextContent('notes.txt is not a .tgz package')
  expect(uploads).toEqual([])
  fireEvent.drop(zone, { dataTransfer: { files: [tgz('dropped.tgz')] } })
  expect(await screen.findByRole('article', { name: /Uploaded package/ })).toBeInTheDocument()
  expect(uploads).toEqual([{ multipart: true, file: true }])
})

test('a package the server refuses shows its reason', async () => {
  api.server.use(
    http.post(PACKAGES, () =>
      HttpResponse.json(
        { error: { code: 'PACKAGE_INVALID', message: 'plugin.json: version: must be semver' } },
        { status: 422 },
      ),
    ),
  )
  renderWithApp(<PackageUpload workspaceId="default" />)
  await userEvent.setup().upload(screen.getByLabelText('Choose a package file'), tgz())
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'Upload failed: plugin.json: version: must be semver',
  )
})
