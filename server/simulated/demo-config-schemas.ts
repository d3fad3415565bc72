/** Settings of the demo Hello World's greeter: a plain value, a checked code and a secret. */
export const DEMO_GREETER_SCHEMA = {
  type: 'object',
  properties: {
    greeting: {
      type: 'string',
      title: 'Greeting',
      description: 'What the greet tool says before the name.',
      default: 'Hello',
      minLength: 1,
      maxLength: 80,
    },
    locale: {
      type: 'string',
      title: 'Locale',
      description: 'Two-letter language code.',
      default: 'en',
      pattern: '^[a-z]{2}$',
    },
    apiToken: {
      type: 'string',
      title: 'API token',
      description: 'Token for the greeting service (at least 8 characters). Stored encrypted.',
      format: 'password',
      writeOnly: true,
      minLength: 8,
    },
  },
} as const
