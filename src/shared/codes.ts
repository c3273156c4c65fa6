// The short codes a checkout names things by, kept free of zod so the browser bundle can share them.

/** A currency code such as `usdt`: short and alphanumeric, compared case-insensitively. */
export const CURRENCY_PATTERN = /^[A-Za-z0-9]{2,12}$/;

/** A crypto network name such as `tron` or `bsc-bep20`. */
export const NETWORK_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
