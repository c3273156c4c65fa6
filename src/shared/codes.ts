// The short codes a checkout names things by, kept free of zod so the browser bundle can share them.

/** A currency code such as `usdt`: short and alphanumeric, compared case-insensitively. */
export const CURRENCY_PATTERN = /^[A-Za-z0-9]{2,12}$/;

/** A crypto network name such as `tron` or `bsc-bep20`. */
export const NETWORK_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;

/**
 * A checkout id as the status endpoint accepts it (Payfect's are UUIDs). No `.` or `/`: the id goes
 * into Query's path, where `..` would survive encodeURIComponent and climb out of `/checkouts/`.
 */
export const CHECKOUT_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
