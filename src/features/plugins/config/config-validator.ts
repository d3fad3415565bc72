import { customizeValidator } from '@rjsf/validator-ajv8'
import {
  CONFIG_AJV_OPTIONS,
  CONFIG_DISPLAY_FORMATS,
  CONFIG_FORMAT_MODE,
} from '#core/config/json-schema-rules.ts'

/** The form's validator: Ajv with the server's options and formats, so both sides judge alike. */
export const configValidator = customizeValidator({
  ajvOptionsOverrides: { ...CONFIG_AJV_OPTIONS },
  ajvFormatOptions: { mode: CONFIG_FORMAT_MODE },
  customFormats: Object.fromEntries(CONFIG_DISPLAY_FORMATS.map((format) => [format, () => true])),
})
