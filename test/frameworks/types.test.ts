// The type test: consumer files for each framework, and the examples docs/element.md and docs/return-page.md show, compiled against the
// BUILT typings (dist/npm) in a scratch project, with skipLibCheck off, by TypeScript 5.9 and 7.
// Each deliberate misuse is marked @ts-expect-error (@vue-expect-error), so it must stay an error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { frameworks, installed, repo, scratchProject, withDependencies } from './scratch.js';

const run = promisify(execFile);
const fromFrameworks = (name: string) => join(frameworks, 'node_modules', name);
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

const COMPILERS = {
  'TypeScript 5.9': [process.execPath, fromFrameworks('typescript/bin/tsc')],
  'TypeScript 7': [join(repo, 'node_modules/.bin/tsc')],
  'vue-tsc (TypeScript 5.9)': [process.execPath, fromFrameworks('vue-tsc/bin/vue-tsc.js')],
} as const;

const STRICT = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'es2022',
  module: 'esnext',
  moduleResolution: 'bundler',
  // node_modules are symlinks into the repo; resolve each package's imports from the scratch project.
  preserveSymlinks: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
};
const BROWSER = { ...STRICT, lib: ['es2022', 'dom', 'dom.iterable'], types: [] as string[] };
/** @types/react (or its 18 alias) installed under its own name, with its dependencies. */
const reactTypes = (alias: '@types/react' | '@types/react-18') => ({
  ...installed(frameworks, withDependencies(frameworks, [alias])),
  '@types/react': fromFrameworks(alias),
});

interface Case {
  name: string;
  compilers: (keyof typeof COMPILERS)[];
  files: Record<string, string>;
  linked: Record<string, string>;
  compilerOptions: object;
  vue?: boolean;
}

const cases: Case[] = [
  {
    name: 'React 19 JSX (React.JSX.IntrinsicElements), with examples/react19/App.tsx and Thanks.tsx',
    compilers: ['TypeScript 5.9', 'TypeScript 7'],
    files: {
      'consumer.tsx': read('test/frameworks/types/react19/consumer.tsx'),
      'App.tsx': read('examples/react19/App.tsx'),
      'Thanks.tsx': read('examples/react19/Thanks.tsx'),
    },
    linked: reactTypes('@types/react'),
    compilerOptions: { ...BROWSER, jsx: 'react-jsx' },
  },
  {
    name: 'React 18 wrapper (payfect-checkout/react), with examples/react18/App.tsx and Thanks.tsx',
    compilers: ['TypeScript 5.9', 'TypeScript 7'],
    files: {
      'consumer.tsx': read('test/frameworks/types/react18/consumer.tsx'),
      'App.tsx': read('examples/react18/App.tsx'),
      'Thanks.tsx': read('examples/react18/Thanks.tsx'),
    },
    linked: reactTypes('@types/react-18'),
    compilerOptions: { ...BROWSER, jsx: 'react-jsx' },
  },
  {
    name: 'Vue 3 SFC (GlobalComponents), with examples/vue/App.vue, Thanks.vue and vite.config.ts',
    compilers: ['vue-tsc (TypeScript 5.9)'],
    files: {
      'Consumer.vue': read('test/frameworks/types/vue/Consumer.vue'),
      'App.vue': read('examples/vue/App.vue'),
      'Thanks.vue': read('examples/vue/Thanks.vue'),
      'vite.config.ts': read('examples/vue/vite.config.ts'),
    },
    linked: {
      ...installed(repo, withDependencies(repo, ['vite'])),
      ...installed(frameworks, withDependencies(frameworks, ['vue', '@vitejs/plugin-vue', 'typescript'])),
    },
    compilerOptions: { ...BROWSER, jsx: 'preserve' },
    vue: true,
  },
  {
    name: 'plain DOM (createElement, addEventListener), no React or Vue types installed',
    compilers: ['TypeScript 5.9', 'TypeScript 7'],
    files: { 'consumer.ts': read('test/frameworks/types/dom/consumer.ts') },
    linked: {},
    compilerOptions: BROWSER,
  },
  {
    name: 'server and emulator entries with no DOM lib (lib es2022, types node)',
    compilers: ['TypeScript 5.9', 'TypeScript 7'],
    files: { 'consumer.ts': read('test/frameworks/types/no-dom/consumer.ts') },
    linked: {},
    compilerOptions: { ...STRICT, lib: ['es2022'], types: ['node'] },
  },
];

test('the package is built', () => {
  assert.ok(existsSync(join(repo, 'dist/npm/index.d.ts')), 'dist/npm is missing: run `npm run build` first');
});

for (const { name, compilers, files, linked, compilerOptions, vue } of cases) {
  for (const compiler of compilers) {
    test(`${name}: ${compiler}`, async (t) => {
      const tsconfig = { compilerOptions, include: vue ? ['*.vue', '*.ts'] : ['*.ts', '*.tsx'] };
      const project = scratchProject({ ...files, 'tsconfig.json': JSON.stringify(tsconfig, null, 2) }, linked);
      t.after(project.remove);
      const [command, ...args] = COMPILERS[compiler];
      const result = await run(command, [...args, '-p', project.dir], { cwd: project.dir }).then(
        ({ stdout }) => ({ code: 0, output: stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
      );
      assert.equal(result.output.trim(), '', `${compiler} reported errors`);
      assert.equal(result.code, 0);
    });
  }
}

test('every attribute is its property name in kebab case, as the typings derive it', async () => {
  const { PayfectCheckoutButton, PayfectCheckoutStatus } = (await import(pathToFileURL(join(repo, 'dist/npm/index.js')).href)) as typeof import('../../src/index.js');
  const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  for (const [element, least] of [[PayfectCheckoutButton, 10], [PayfectCheckoutStatus, 3]] as const) {
    void element.observedAttributes; // finalizes the class: elementProperties is filled
    const properties = [...element.elementProperties];
    assert.ok(properties.length > least, element.name);
    for (const [name, { attribute }] of properties) {
      // Internal reactive state (`state: true`) has no attribute, so the typings leave it out.
      if (attribute === false) continue;
      assert.equal(typeof attribute == 'string' ? attribute : String(name).toLowerCase(), kebab(String(name)), `${element.name}.${String(name)}`);
    }
  }
});
