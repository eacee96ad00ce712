import { createMetadataHandler, memoryStore } from '@metadata-semantics/server';

/** What every runtime's server is given: the secret key and the header that signs a frontend request in. */
export interface ConformanceSettings {
  readonly secretKey: string;
  /** Development-style sign-in: the header's value is the user id (as the CLI's DEV_FRONTEND_USER_HEADER). */
  readonly frontendUserHeader: string;
}

/**
 * The handler every runtime serves: `createMetadataHandler` with a `memoryStore`, exactly as an
 * application would embed it, and a frontend sign-in by header so the suite's frontend cases run.
 */
export function conformanceHandler(settings: ConformanceSettings): (request: Request) => Promise<Response> {
  return createMetadataHandler({
    secretKey: settings.secretKey,
    store: memoryStore(),
    authenticate: (request) => request.headers.get(settings.frontendUserHeader),
  });
}

/** The names under which a runtime's process (environment) or worker (bindings) receives the settings. */
export const settingNames = { secretKey: 'SECRET_KEY', frontendUserHeader: 'FRONTEND_USER_HEADER' } as const;

/** The settings as environment variables or bindings. */
export function settingsAsVariables(settings: ConformanceSettings): Record<string, string> {
  return { [settingNames.secretKey]: settings.secretKey, [settingNames.frontendUserHeader]: settings.frontendUserHeader };
}

/** Reads the settings back from environment variables or bindings; a missing one is an error. */
export function settingsFromVariables(read: (name: string) => string | undefined): ConformanceSettings {
  const value = (name: string): string => {
    const text = read(name);
    if (text === undefined || text === '') throw new Error(`${name} is not set`);
    return text;
  };
  return { secretKey: value(settingNames.secretKey), frontendUserHeader: value(settingNames.frontendUserHeader) };
}
