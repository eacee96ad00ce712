// The files the server itself keeps in a PGlite data folder, beside PGlite's own.
import { LOCK_FILE_NAME } from './dataFolderLock.js';
import { KEY_FILE_NAME } from './developmentKey.js';
import { SIGNING_KEY_FILE_NAME } from './sessionSigningKey.js';
import { WEBHOOK_SECRET_FILE_NAME } from './webhookSettings.js';

/** The lock, the development secret key, the session signing key and the webhook secret: the folder's files that are not PGlite's. */
export const OWN_FILE_NAMES: readonly string[] = [LOCK_FILE_NAME, KEY_FILE_NAME, SIGNING_KEY_FILE_NAME, WEBHOOK_SECRET_FILE_NAME];
