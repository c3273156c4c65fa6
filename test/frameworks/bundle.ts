// Bundles a test page with esbuild inside a scratch project, so 'payfect-checkout' resolves to the
// built package as an install would; .vue files go through Vue's own SFC compiler.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { compileScript, parse } from 'vue/compiler-sfc';

/** Vue's SFC compiler as an esbuild loader: <script setup> with the template inlined. */
const vueSfc: Plugin = {
  name: 'vue-sfc',
  setup(plugin) {
    plugin.onLoad({ filter: /\.vue$/ }, async ({ path }) => {
      const isCustomElement = (tag: string) => tag.startsWith('payfect-');
      const { descriptor, errors } = parse(await readFile(path, 'utf8'), {
        filename: path,
        templateParseOptions: { isCustomElement },
      });
      if (errors.length > 0) throw errors[0];
      const script = compileScript(descriptor, {
        id: path,
        inlineTemplate: true,
        templateOptions: { compilerOptions: { isCustomElement } },
      });
      return { contents: script.content, loader: 'ts', resolveDir: dirname(path) };
    });
  },
};

/** One ES module for the browser (or for Node when `platform` is 'node', packages left as imports). */
export async function bundle(dir: string, entry: string, platform: 'browser' | 'node' = 'browser'): Promise<string> {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    packages: platform == 'node' ? 'external' : 'bundle',
    preserveSymlinks: true,
    jsx: 'automatic',
    // Development builds: React and Vue report hydration mismatches and unresolved components only there.
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: [vueSfc],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
