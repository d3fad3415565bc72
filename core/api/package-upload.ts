/** The multipart field an uploaded archive travels in (plain: the console needs it without zod). */
export const PACKAGE_UPLOAD_FIELD = 'file'
