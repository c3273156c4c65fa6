// The Mocha globals @web/test-runner-mocha provides in the browser, typed for the element
// tests without pulling @types/mocha (whose global `it`/`describe` would clash with node:test files).
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => unknown): void;
declare function afterEach(body: () => unknown): void;
declare function beforeEach(body: () => unknown): void;
