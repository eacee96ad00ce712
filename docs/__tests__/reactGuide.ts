/// <reference lib="dom" />
// A guide's code blocks as the modules a React app would have: written beside the docs' tests (so they
// resolve react and the packages), imported, rendered with the real React in happy-dom, and type-checked
// with the docs' compiler options as a bundler sees them (JSX, extensionless imports).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import ts from 'typescript';
import { createScratchDirectory } from './docExamples.js';

// React warns unless it knows that tests wrap their updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface ReactGuide {
  /** The guide's code blocks fenced with `info` (`ts`, `tsx`, …), in order. */
  blocks(info: string): string[];
  /** Writes each module (file name → text) into the guide's scratch directory. */
  write(modules: Readonly<Record<string, string>>): void;
  /** Imports a written module. */
  load(file: string): Promise<Record<string, unknown>>;
  /** Renders into a new container in the document, inside act(). */
  mount(element: ReactElement): Promise<HTMLElement>;
  /** Unmounts what `mount` rendered and empties the document. */
  unmount(): Promise<void>;
  /** The type errors of the written modules. */
  typeErrors(): string[];
  /** Deletes the scratch directory. */
  remove(): void;
}

/**
 * `testsDirectory` is the calling test's directory: in a DOM environment `import.meta.url` is no file
 * URL, so a test gives `dirname(expect.getState().testPath!)`.
 */
export function reactGuide(testsDirectory: string, guideFile: string): ReactGuide {
  const guide = readFileSync(join(testsDirectory, '..', guideFile), 'utf8');
  const directory = createScratchDirectory(`${guideFile.replace(/\.md$/, '')}-react`, join(testsDirectory, '../.examples-tmp'));
  const scratch = directory.path;
  const written: string[] = [];
  let root: Root | undefined;
  return {
    blocks: (info) => [...guide.matchAll(new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!),
    write(modules) {
      mkdirSync(scratch, { recursive: true });
      for (const [file, text] of Object.entries(modules)) {
        writeFileSync(join(scratch, file), text);
        written.push(join(scratch, file));
      }
    },
    load: async (file) => (await import(/* @vite-ignore */ pathToFileURL(join(scratch, file)).href)) as Record<string, unknown>,
    async mount(element) {
      const container = document.createElement('div');
      document.body.append(container);
      root = createRoot(container);
      await act(async () => root!.render(element));
      return container;
    },
    async unmount() {
      await act(async () => root?.unmount());
      root = undefined;
      document.body.replaceChildren();
    },
    typeErrors() {
      const tsconfigPath = join(testsDirectory, '../tsconfig.json');
      const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
      const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
      const program = ts.createProgram(written, {
        ...options,
        jsx: ts.JsxEmit.ReactJSX,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        noEmit: true,
      });
      return ts
        .getPreEmitDiagnostics(program)
        .filter((diagnostic) => diagnostic.file === undefined || written.includes(diagnostic.file.fileName))
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
    },
    remove: directory.remove,
  };
}

/** Calls a metadata handler as a backend with its secret key: JSON in, the Response out. */
export function handlerCaller(handler: (request: Request) => Promise<Response>, secretKey: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    handler(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
}

interface WireUser {
  id: string;
  public_metadata: object;
  private_metadata: object;
  unsafe_metadata: object;
  updated_at: number;
}

/** The user a handler answered with, in SDK names as `@clerk/backend` gives it; an Error for a failed answer. */
export async function sdkUserOf(response: Response) {
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  const user = (await response.json()) as WireUser;
  return {
    id: user.id,
    publicMetadata: user.public_metadata,
    privateMetadata: user.private_metadata,
    unsafeMetadata: user.unsafe_metadata,
    updatedAt: user.updated_at,
  };
}
