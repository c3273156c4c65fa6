import { expect } from '@open-wc/testing';
import { InvalidConfigError } from '../../src/element/checkout-wire.js';
import { allowedRedirect, checkoutHosts } from '../../src/element/redirect-policy.js';

// Where the button may send the buyer, decided without a page: same-origin over http(s),
// https on a listed domain or its subdomain, or a listed loopback host:port; the rest is refused.

const HOSTS = ['payfect.finance', 'checkout.example'];

describe('allowedRedirect', () => {
  it('allows https on a listed host or a subdomain, returning the absolute URL', () => {
    expect(allowedRedirect('https://payfect.finance/c/1', 'https://shop.example/', HOSTS)).to.equal('https://payfect.finance/c/1');
    expect(allowedRedirect('https://a.b.checkout.example/c', 'https://shop.example/', HOSTS)).to.equal('https://a.b.checkout.example/c');
    expect(allowedRedirect('https://PAYFECT.finance:8443/c', 'https://shop.example/', HOSTS)).to.equal('https://payfect.finance:8443/c');
  });

  it('allows the page origin, relative URLs included', () => {
    expect(allowedRedirect('/pay/1', 'https://shop.example/cart', [])).to.equal('https://shop.example/pay/1');
    expect(allowedRedirect('http://localhost:8080/pay', 'http://localhost:8080/', [])).to.equal('http://localhost:8080/pay');
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
    expect(allowedRedirect('HTTPS://PAY.PAYFECT.FINANCE/c', 'https://shop.example/', checkoutHosts('Payfect.Finance'))).to.equal('https://pay.payfect.finance/c');
    expect(allowedRedirect('https://payfect.finance:8443/c', 'https://shop.example/', checkoutHosts('PAYFECT.FINANCE'))).to.equal('https://payfect.finance:8443/c');
  });

  it('ignores empty entries from extra whitespace in checkout-hosts', () => {
    // An empty entry must not match every name that ends in a dot.
    expect(checkoutHosts('  payfect.finance\n ')).to.deep.equal(['payfect.finance']);
    expect(allowedRedirect('https://evil.example./', 'https://shop.example/', checkoutHosts('  payfect.finance\n '))).to.equal(undefined);
  });

  it('never reaches an IP address, public or private, through a listed domain', () => {
    for (const url of ['https://10.0.0.4/', 'https://192.168.1.1/', 'https://8.8.8.8/', 'https://[::1]/', 'https://127.0.0.1/']) {
      expect(allowedRedirect(url, 'https://shop.example/', HOSTS), url).to.equal(undefined);
    }
  });
});

describe('checkout-hosts', () => {
  const refused = (value: string) => {
    try {
      checkoutHosts(value);
    } catch (error) {
      if (error instanceof InvalidConfigError) return error.message;
      throw error;
    }
  };

  it('takes domain names of two labels or more, in lower case', () => {
    expect(checkoutHosts('payfect.finance Checkout.Example a-b.c.example xn--bcher-kva.example')).to.deep.equal([
      'payfect.finance',
      'checkout.example',
      'a-b.c.example',
      'xn--bcher-kva.example',
    ]);
  });

  it('refuses a bare suffix, an IP address and anything that is not a host name', () => {
    for (const value of ['com', '4', '10.0.0.4', '172.16.0.1', '1.1.1.1', '0x0a.0.0.4', '[2001:db8::1]', 'fe80::1', 'localhost', '127.0.0.1', '[::1]', 'example.com/path', 'user@example.com', 'example.com:443']) {
      expect(refused(value), value).to.contain('checkout-hosts').and.contain(value);
    }
  });

  it('takes a loopback host only with its port, for local development', () => {
    expect(checkoutHosts('localhost:4010 127.0.0.1:4010 [::1]:4010')).to.deep.equal(['localhost:4010', '127.0.0.1:4010', '[::1]:4010']);
    for (const value of ['localhost:', 'localhost:port', '127.0.0.2:4010', '10.0.0.4:4010', 'example.com:4010']) {
      expect(refused(value), value).to.contain('checkout-hosts');
    }
  });
});

describe('a listed loopback host:port', () => {
  const page = 'http://127.0.0.1:5173/shop';

  it('is followed over http and https, on that host and port only', () => {
    const hosts = checkoutHosts('localhost:4010 127.0.0.1:4011 [::1]:4012');
    expect(allowedRedirect('http://localhost:4010/checkouts/c1', page, hosts)).to.equal('http://localhost:4010/checkouts/c1');
    expect(allowedRedirect('https://localhost:4010/checkouts/c1', page, hosts)).to.equal('https://localhost:4010/checkouts/c1');
    expect(allowedRedirect('http://127.0.0.1:4011/c', page, hosts)).to.equal('http://127.0.0.1:4011/c');
    expect(allowedRedirect('http://[::1]:4012/c', page, hosts)).to.equal('http://[::1]:4012/c');
    for (const url of ['http://localhost:4011/c', 'http://localhost/c', 'http://127.0.0.1:4010/c', 'http://sub.localhost:4010/c', 'http://[::1]:4010/c', 'ws://localhost:4010/c']) {
      expect(allowedRedirect(url, page, hosts), url).to.equal(undefined);
    }
  });

  it('is not followed when only the domain rule could match', () => {
    expect(allowedRedirect('http://localhost:4010/c', page, checkoutHosts('payfect.finance'))).to.equal(undefined);
  });
});
