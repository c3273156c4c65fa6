import { CheckoutError } from '../shared/errors.js';
import { PaymentMethodData } from '../shared/schema-parts.js';
import type { PaymentMethod } from './options.js';

/** The crypto methods the merchant offers; a page can pick one of them, never invent one. */
export class PaymentMethods {
  readonly #offered: PaymentMethodData[];
  readonly #list: string;

  constructor(methods: readonly PaymentMethod[]) {
    if (!Array.isArray(methods) || methods.length === 0) {
      throw new TypeError('payfect-checkout: `paymentMethods` must name at least one method');
    }
    this.#offered = methods.map((method) => {
      const parsed = PaymentMethodData.safeParse({ type: 'cryptopaymentmethoddetail', paymentMethodDetail: method });
      if (!parsed.success) {
        throw new TypeError(`payfect-checkout: \`paymentMethods\` has an invalid entry ${JSON.stringify(method)}`);
      }
      return parsed.data;
    });
    this.#list = this.#offered.map(({ paymentMethodDetail: m }) => `${m.currency}/${m.network}`).join(', ');
  }

  /** The requested method when it is offered, the first one when none is requested. */
  choose(requested: PaymentMethodData | undefined): PaymentMethodData {
    if (requested === undefined) return this.#offered[0]!;
    const { currency, network } = requested.paymentMethodDetail;
    for (const offered of this.#offered) {
      if (offered.paymentMethodDetail.currency === currency && offered.paymentMethodDetail.network === network) return offered;
    }
    throw new CheckoutError('invalid_request', 'This payment method is not offered.', {
      fields: { payment_method_data: `must be one of ${this.#list}` },
    });
  }
}
