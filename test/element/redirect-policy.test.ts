import { expect } from '@open-wc/testing';
import { allowedRedirect } from '../../src/element/redirect-policy.js';

// Where the button may send the buyer, decided without a page: same-origin over http(s),
// or https on a listed host or its subdomain; the rest is refused.

const HOSTS = 'payfect.finance checkout.example';

describe('allowedRedirect', () => {
  it('allows https on a listed host or a subdomain, returning the absolute URL', () => {
    expect(allowedRedirect('https://payfect.finance/c/1', 'https://shop.example/', HOSTS)).to.equal('https://payfect.finance/c/1');
    expect(allowedRedirect('https://a.b.checkout.example/c', 'https://shop.example/', HOSTS)).to.equal('https://a.b.checkout.example/c');
    expect(allowedRedirect('https://PAYFECT.finance:8443/c', 'https://shop.example/', HOSTS)).to.equal('https://payfect.finance:8443/c');
  });

  it('allows the page origin, relative URLs included', () => {
    expect(allowedRedirect('/pay/1', 'https://shop.example/cart', '')).to.equal('https://shop.example/pay/1');
    expect(allowedRedirect('http://localhost:8080/pay', 'http://localhost:8080/', '')).to.equal('http://localhost:8080/pay');
  });

  it('refuses other origins, plain http, look-alike hosts and unparsable URLs', () => {
    for (const url of [
      'https://evil.example/',
      'http://payfect.finance/c/1',
      'https://payfect.finance.evil.example/',
      'https://notpayfect.finance/',
      'http://shop.example:8080/pay',
      'https://[::1',
    ]) {
      expect(allowedRedirect(url, 'https://shop.example/', HOSTS), url).to.equal(undefined);
    }
  });

  it('refuses javascript: and data: even when the page origin is opaque (about:blank, file:)', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      for (const page of ['https://shop.example/', 'about:blank', 'file:///tmp/shop.html']) {
        expect(allowedRedirect(url, page, HOSTS), `${url} from ${page}`).to.equal(undefined);
      }
    }
  });

  it('refuses URL tricks that only look like a listed host', () => {
    for (const url of [
      'https://payfect.finance@evil.example/',
      'https://payfect.finance:443@evil.example/',
      'https://evil.example\\@payfect.finance/',
      'https://evil.example#@payfect.finance/',
      'https://evil.example?.payfect.finance',
      'https://evilpayfect.finance/',
      'https://payfect.finance./',
      'https://payfect.finance.evil.example./',
      '//evil.example/payfect.finance',
      'blob:https://payfect.finance/0b4f3c1e-2d1a-4c6b-9a4e-1f2e3d4c5b6a',
      'blob:https://shop.example/0b4f3c1e-2d1a-4c6b-9a4e-1f2e3d4c5b6a',
      'JavaScript:alert(1)',
      ' java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'wss://payfect.finance/',
    ]) {
      expect(allowedRedirect(url, 'https://shop.example/', HOSTS), url).to.equal(undefined);
    }
  });

  it('matches hosts case-insensitively in both the URL and the list, on any port', () => {
    expect(allowedRedirect('HTTPS://PAY.PAYFECT.FINANCE/c', 'https://shop.example/', 'Payfect.Finance')).to.equal('https://pay.payfect.finance/c');
    expect(allowedRedirect('https://payfect.finance:8443/c', 'https://shop.example/', 'PAYFECT.FINANCE')).to.equal('https://payfect.finance:8443/c');
  });

  it('ignores empty entries from extra whitespace in checkout-hosts', () => {
    // An empty entry must not match every name that ends in a dot.
    expect(allowedRedirect('https://evil.example./', 'https://shop.example/', '  payfect.finance\n ')).to.equal(undefined);
  });
});
