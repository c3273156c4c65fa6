import { createCallbackHandler } from 'payfect-checkout/server';
import { completions } from '../../../lib/completions.js';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL, PAYFECT_SIGNING_KEY } = process.env;

let callback;

export function POST(request) {
  callback ??= createCallbackHandler({
    apiKey: PAYFECT_API_KEY,
    baseUrl: PAYFECT_BASE_URL,
    signingKey: PAYFECT_SIGNING_KEY,
    store: completions,
    onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
  });
  return callback(request);
}
