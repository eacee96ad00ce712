// The page's script: reads where the API is, then runs the console with polling.
import { createConsoleApi } from './api/createConsoleApi.js';
import { createPollingFeed } from './live/createPollingFeed.js';
import { mountConsole } from './mountConsole.js';
import { readConsoleSettings } from './readConsoleSettings.js';

const settings = readConsoleSettings(document);
mountConsole(document.getElementById('console')!, {
  api: createConsoleApi({ baseUrl: settings.apiBase }),
  feed: createPollingFeed({ document }),
  limits: settings.limits,
});
