import type { Product } from '../src/server/index.js';

/**
 * The demo shop's prices. The server prices every checkout from here; the amounts the
 * pages show must match, or the buyer sees "The price has changed".
 */
export const catalog: Record<string, Product> = {
  'standard-plan': {
    name: 'Standard Plan',
    description: 'One month of the standard plan',
    unitAmount: '20.50',
    currency: 'usdt',
  },
  sticker: {
    name: 'Sticker',
    description: 'A die-cut vinyl sticker',
    unitAmount: '0.10',
    currency: 'usdt',
  },
  mug: {
    name: 'Payfect mug',
    description: 'Ceramic, 350 ml',
    unitAmount: '12.00',
    currency: 'usdt',
  },
  tshirt: {
    name: 'T-shirt',
    description: 'Organic cotton, black',
    unitAmount: '25.00',
    currency: 'usdt',
  },
};
