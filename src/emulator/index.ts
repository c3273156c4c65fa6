export { createEmulator, EmulatorError } from './emulator.js';
export type { Emulator, EmulatorOptions, RecordedRequest } from './emulator.js';
export { startEmulator } from './http-server.js';
export type { RunningEmulator, StartEmulatorOptions } from './http-server.js';
export type { FaultSettings, FaultSwitches } from './faults.js';
export type { CallbackRetryOptions } from './emulator-options.js';
export type { CallbackDelivery, DeliveryAttempt } from './callback-delivery.js';
export type { EmulatedCheckout, EmulatedInvoiceItem } from './checkout-object.js';
export type { EmulatedPaymentLink, EmulatedPrice, EmulatedProduct } from './catalog-objects.js';
