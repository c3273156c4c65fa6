import { CheckoutError, compareDecimals, isDecimal } from 'payfect-checkout/server';

const products = {
  'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
};

// createCheckoutHandler({ apiKey, catalog, successUrl }) prices each item with it.
export const catalog = (productId, item) => {
  if (productId !== 'donation') return products[productId];
  const amount = item.price_data?.unit_amount;
  if (!amount || !isDecimal(amount) || compareDecimals(amount, '1') < 0 || compareDecimals(amount, '500') > 0) {
    throw new CheckoutError('invalid_request', 'A donation is between 1 and 500 USDT.', {
      fields: { 'invoice_items.0.price_data.unit_amount': 'must be between 1 and 500' },
    });
  }
  return { name: 'Donation', unitAmount: amount, currency: 'usdt' };
};
