// Lit SSR (@lit-labs/ssr) renders the element on a server: declarative shadow DOM with the label,
// the delegated focus and the attributes, from the built package reached by its name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { frameworks, installed, scratchProject, withDependencies } from './scratch.js';

const run = promisify(execFile);

test('@lit-labs/ssr renders <payfect-checkout-button> with its shadow root', async (t) => {
  const project = scratchProject({}, installed(frameworks, withDependencies(frameworks, ['@lit-labs/ssr'])));
  t.after(project.remove);
  const script = `
    import { render } from '@lit-labs/ssr';
    import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
    import { html } from 'lit';
    import 'payfect-checkout';
    const page = html\`<payfect-checkout-button amount="20.50" product-id="tshirt"></payfect-checkout-button>\`;
    console.log(await collectResult(render(page)));`;
  const { stdout } = await run(process.execPath, ['--preserve-symlinks', '--input-type=module', '-e', script], {
    cwd: project.dir,
  });
  const host = /<payfect-checkout-button([^>]*)>\s*<template ([^>]*)>([\s\S]*?)<\/template>/.exec(stdout);
  assert.ok(host, `no declarative shadow root in:\n${stdout}`);
  const [, attributes, template, shadow] = host;
  assert.match(attributes!, /amount="20.50"/);
  assert.match(attributes!, /product-id="tshirt"/);
  assert.match(template!, /shadowrootmode="open"/);
  assert.match(template!, /shadowrootdelegatesfocus/);
  assert.match(shadow!, /<button[^>]*part="button"/);
  assert.match(shadow!.replace(/<!--[^>]*-->/g, ''), /Pay 20\.50 USDT/);
});

test('@lit-labs/ssr renders <payfect-checkout-status> waiting, with its live region, and asks nothing on the server', async (t) => {
  const project = scratchProject({}, installed(frameworks, withDependencies(frameworks, ['@lit-labs/ssr'])));
  t.after(project.remove);
  const script = `
    import { render } from '@lit-labs/ssr';
    import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
    import { html } from 'lit';
    import 'payfect-checkout';
    globalThis.fetch = () => { throw new Error('the server asked the status endpoint'); };
    const page = html\`<payfect-checkout-status checkout-id="chk_1"><b slot="confirmed">Thanks!</b></payfect-checkout-status>\`;
    console.log(await collectResult(render(page)));`;
  const { stdout } = await run(process.execPath, ['--preserve-symlinks', '--input-type=module', '-e', script], {
    cwd: project.dir,
  });
  const host = /<payfect-checkout-status([^>]*)>\s*<template ([^>]*)>([\s\S]*?)<\/template>([\s\S]*?)<\/payfect-checkout-status>/.exec(stdout);
  assert.ok(host, `no declarative shadow root in:\n${stdout}`);
  const [, attributes, template, shadow, light] = host;
  assert.match(attributes!, /checkout-id="chk_1"/);
  assert.match(attributes!, /state="waiting"/);
  assert.match(template!, /shadowrootmode="open"/);
  assert.match(shadow!, /<div[^>]*part="message"[^>]*role="status"/);
  assert.match(shadow!, /<slot name="waiting">/);
  assert.match(shadow!.replace(/<!--[^>]*-->/g, ''), /Waiting for Payfect’s confirmation…/);
  assert.match(light!, /<b slot="confirmed">Thanks!<\/b>/);
});
