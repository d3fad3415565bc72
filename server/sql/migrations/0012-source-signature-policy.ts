import type { Migration } from '../migrate.ts'

/** Each registry source's signature policy; existing sources keep today's behaviour (`off`). */
export const sourceSignaturePolicy: Migration = {
  version: 12,
  name: 'source-signature-policy',
  statements: [
    `ALTER TABLE registry_sources ADD COLUMN signature_policy text NOT NULL DEFAULT 'off'
      CHECK (signature_policy IN ('off', 'show', 'require'))`,
  ],
}
