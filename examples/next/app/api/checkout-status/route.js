import { createStatusHandler } from 'payfect-checkout/server';
import { completions } from '../../../lib/completions.js';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL } = process.env;

let status;

// What the return page asks: GET /api/checkout-status?id=… → { id, status, fulfilled }.
export function GET(request) {
  status ??= createStatusHandler({
    apiKey: PAYFECT_API_KEY,
    baseUrl: PAYFECT_BASE_URL,
    store: completions,
    clientAddressHeader: 'x-real-ip', // set by Vercel, or by your proxy
  });
  return status(request);
}
export const OPTIONS = GET; // only needed with allowedOrigins (CORS)
