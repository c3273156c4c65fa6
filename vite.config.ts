import { defineConfig, type Plugin } from 'vite';

/** Lit keeps CSS as a string the JS minifier can't shrink; collapse its whitespace at build time. */
function minifyLitCss(): Plugin {
  return {
    name: 'payfect:minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return;
      return code.replace(/unsafeCSS\(`([^`]*)`\)/g, (_, text: string) => {
        const compact = text
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,>]) ?/g, '$1')
          .replace(/([:(]) /g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `unsafeCSS(\`${compact}\`)`;
      });
    },
  };
}

// The CDN build: one self-contained, minified ES module with lit inside (and no zod),
// for `<script type="module" src=".../payfect-checkout.js">`. The npm build is tsc's.
export default defineConfig({
  plugins: [minifyLitCss()],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'payfect-checkout.js',
    },
    rolldownOptions: {
      // Library mode leaves ES output unminified; this file is for browsers, not bundlers.
      output: {
        codeSplitting: false,
        minify: true,
        comments: { annotation: false, legal: false, jsdoc: false },
      },
    },
  },
});
