/**
 * Every mutation must carry this header with this value (CSRF defence with SameSite cookies).
 * Plain (no zod) because the SPA's entry chunk sends it on every mutation.
 */
export const CSRF_HEADER = 'X-Requested-With'
export const CSRF_HEADER_VALUE = 'plugboard'
