// Plain (no zod), so the console can list the policies without the schema library.

/**
 * What a registry source checks of a version's npm signatures and provenance: `off` nothing, `show`
 * verifies and shows the result, `require` also refuses to install or update a version that is
 * not validly signed by a key the registry publishes.
 */
export const SIGNATURE_POLICIES = ['off', 'show', 'require'] as const
export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number]
