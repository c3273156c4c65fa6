// Headless Chromium for the page benches: the same binary the tests use, never a download.
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../test/support/chromium.js';
import { minifiedBundle, CDN_FILE, FLOOR_FILE, MINIMAL_LIT_FILE } from './size.js';
import { readFile } from 'node:fs/promises';

export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, args, headless: true });
}

/** A button implementation under test: the real element, the minimal Lit button, or the vanilla floor. */
export interface ButtonVariant {
  name: 'element' | 'minimal-lit' | 'floor' | 'control';
  tag: string;
  scriptPath: string;
  script: Uint8Array;
}

export async function buttonVariants(): Promise<ButtonVariant[]> {
  return [
    { name: 'element', tag: 'payfect-checkout-button', scriptPath: '/payfect-checkout.js', script: await readFile(CDN_FILE) },
    {
      name: 'minimal-lit',
      tag: 'minimal-lit-checkout-button',
      scriptPath: '/minimal-lit-checkout-button.js',
      script: await minifiedBundle(MINIMAL_LIT_FILE, []),
    },
    {
      name: 'floor',
      tag: 'vanilla-checkout-button',
      scriptPath: '/vanilla-checkout-button.js',
      script: await minifiedBundle(FLOOR_FILE, []),
    },
  ];
}

export function scriptsOf(variants: readonly ButtonVariant[]): Record<string, Uint8Array> {
  return Object.fromEntries(variants.map((variant) => [variant.scriptPath, variant.script]));
}

/** The same purchase on every button, so every variant does the same work. */
export const BUTTON_ATTRIBUTES = 'product-id="standard-plan" amount="20.50" currency="usdt" name="Standard Plan"';
