import { expect } from '@open-wc/testing';

// Payment pages often run a strict Content-Security-Policy without 'unsafe-eval'. The CDN
// file must load and work there without tripping a violation (each one is a console
// error and a report to the merchant's CSP endpoint).

const CDN_FILE = '/dist/cdn/payfect-checkout.js';

/** Loads the CDN file in a srcdoc frame under `script-src 'self'` and collects violations. */
async function loadUnderStrictCsp(): Promise<{ violations: string[]; defined: boolean }> {
  const frame = document.createElement('iframe');
  const nonce = crypto.randomUUID();
  frame.srcdoc = `<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'nonce-${nonce}'; img-src 'none'">
<script nonce="${nonce}">
  // Violations arrive as queued events; a blocked sentinel image, reported last, says all have arrived.
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    if (!e.blockedURI.endsWith('/csp-sentinel.png')) return violations.push(e.violatedDirective + ' ' + e.blockedURI);
    parent.postMessage({ violations, defined: !!customElements.get('payfect-checkout-button') }, '*');
  });
</script>
<script type="module" nonce="${nonce}">
  import '${new URL(CDN_FILE, location.href).href}';
  const button = document.createElement('payfect-checkout-button');
  button.setAttribute('amount', '20.50');
  document.body.append(button);
  await button.updateComplete;
  new Image().src = '/csp-sentinel.png';
</script>`;
  const result = new Promise<{ violations: string[]; defined: boolean }>((resolve) =>
    addEventListener('message', (event) => event.source == frame.contentWindow && resolve(event.data)),
  );
  document.body.append(frame);
  try {
    return await result;
  } finally {
    frame.remove();
  }
}

describe('under a strict CSP', () => {
  it('the CDN file loads without any securitypolicyviolation', async () => {
    const { violations, defined } = await loadUnderStrictCsp();
    expect(defined).to.equal(true);
    expect(violations).to.deep.equal([]);
  });
});
