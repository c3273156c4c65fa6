// Runs project code as Workers, Deno and Bun would: bundled for a neutral platform (no node: modules resolve)
// and evaluated in a context holding web globals only (no Buffer, no process, no require).
import { createContext, runInContext } from 'node:vm';
import { build, type StdinOptions } from 'esbuild';

export function webOnlyContext(): Record<string, unknown> {
  return {
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    URL,
    URLSearchParams,
    Headers,
    Request,
    Response,
    ReadableStream,
    AbortController,
    AbortSignal,
    setTimeout,
    clearTimeout,
    fetch: globalThis.fetch,
    console,
  };
}

/** Bundles `entry` for a neutral platform, checks no Node-only global is referenced, and returns its exports. */
export async function loadWebOnly<T>(entry: { entryPoints: string[] } | { stdin: StdinOptions }): Promise<{ exports: T; source: string }> {
  const bundle = await build({
    ...entry,
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'iife',
    globalName: 'webOnlyModule',
    write: false,
    logLevel: 'silent',
  });
  const source = bundle.outputFiles[0]?.text ?? '';
  const context = createContext(webOnlyContext());
  runInContext(source, context);
  return { exports: context.webOnlyModule as T, source };
}
