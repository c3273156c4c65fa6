// createCheckoutHandler({ apiKey, catalog, successUrl }) prices the first product itself and lets Payfect price the second.
export const catalog = {
  // Priced here: the server sends Payfect this amount, currency and name as the line's price_data.
  'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  // Priced by Payfect: the ID of a Price made in Payfect's dashboard; the server sends { price, quantity }.
  hoodie: { price: process.env.HOODIE_PRICE_ID },
};
