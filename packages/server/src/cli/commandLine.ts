// The command line: a command, then settings' flags (see cliSettings.ts), each `--flag value` or `--flag=value`.
// `--help` is derived from the settings table.
import { cliSettings, settingFlags, type CliSettings } from './cliSettings.js';

/** A command line this program does not take: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the command line asks for. */
export type CliCommand = 'serve' | 'export' | 'reset' | 'help' | 'version';

export interface CommandLine {
  readonly command: CliCommand;
  /** The settings' flags given, by flag (`--port`), with their text. */
  readonly flags: ReadonlyMap<string, string>;
}

/** The commands other than serving, by the words that ask for them, with what `--help` says of them. */
const COMMANDS: readonly { readonly name: CliCommand; readonly words: readonly string[]; readonly help: string }[] = [
  { name: 'export', words: ['export'], help: 'write every resource of the store to stdout as a data file (the format of --seed);\na PGlite data folder must not be in use by a server' },
  { name: 'reset', words: ['reset'], help: 'remove the database of the PGlite data folder (its keys stay);\nrefused while a server uses the folder' },
  { name: 'help', words: ['--help', '-h'], help: 'print this help' },
  { name: 'version', words: ['--version', '-v'], help: "print the server's version" },
];

/** Reads the command line; anything it does not know is a {@link UsageError}. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  // `--` ends pnpm's own options and is passed through as it is.
  const given = argv.filter((argument) => argument !== '--');
  let command: CliCommand = 'serve';
  const flags = new Map<string, string>();
  for (let index = 0; index < given.length; index++) {
    const argument = given[index]!;
    const named = COMMANDS.find((candidate) => candidate.words.includes(argument));
    if (named !== undefined) {
      if (command !== 'serve' && command !== 'help' && named.name !== 'help') throw new UsageError(`${argument} after ${command}: one command at a time`);
      // --help wins over any other command.
      if (command !== 'help') command = named.name;
      continue;
    }
    const equals = argument.indexOf('=');
    const flag = equals === -1 ? argument : argument.slice(0, equals);
    if (!settingFlags.has(flag)) {
      throw new UsageError(`unknown argument ${JSON.stringify(argument)}${argument.startsWith('-') ? '' : ' (settings are flags, such as --port 4000)'}`);
    }
    const value = equals === -1 ? given[++index] : argument.slice(equals + 1);
    if (value === undefined) throw new UsageError(`${flag} needs a value: ${flag} ${cliSettings[settingFlags.get(flag)!].placeholder}`);
    if (flags.has(flag)) throw new UsageError(`${flag} is given twice`);
    flags.set(flag, value);
  }
  return { command, flags };
}

/** A flag's line, then its help indented below it. */
function entry(left: string, help: string): string {
  return [`  ${left}`, ...help.split('\n').map((line) => `      ${line}`)].join('\n');
}

/** The usage `--help` prints, its settings from {@link cliSettings}. */
export function usage(): string {
  const fields = Object.keys(cliSettings) as (keyof CliSettings)[];
  const settings = fields.map((field) => {
    const { flag, placeholder, variable, help } = cliSettings[field];
    return entry(`${flag} ${placeholder}${variable === undefined ? '' : `  (${variable})`}`, help);
  });
  const commands = COMMANDS.map(({ words, help }) => entry(words.join(', '), help));
  return [
    'Usage: metadata-semantics-server [--help | --version] [export | reset] [--setting value]…',
    '',
    "Serves Clerk's metadata endpoints under /v1 (a local stand-in for Clerk's Backend API), or, given a",
    'command, does that instead:',
    '',
    ...commands,
    '',
    'Settings: each a flag or its environment variable (in parentheses); a flag wins over its variable:',
    '',
    ...settings,
    '',
    "Clerk's Frontend API is served under /__clerk: point clerk-js at it with the publishable key the server",
    'prints and proxyUrl <server>/__clerk. Session tokens are signed with an RSA key generated once and kept',
    'in the data folder with the pglite store (for this run otherwise); GET /v1/jwks lists its public half.',
    '',
    'GET /healthz answers 200 while the server and its store are up and 503 otherwise, without a key',
    "(an endpoint of this server, not of Clerk's API).",
    '',
  ].join('\n');
}
