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

  /**
   * The requested method when the merchant lists it (listing a coin is how a merchant accepts it, whatever the
   * prices' currency); with none requested, the first listed in the checkout's currency, else the first listed.
   */
  choose(requested: PaymentMethodData | undefined, checkoutCurrency: string): PaymentMethodData {
    if (requested === undefined) {
      return this.#offered.find((offered) => offered.paymentMethodDetail.currency === checkoutCurrency) ?? this.#offered[0]!;
    }
    const { currency, network } = requested.paymentMethodDetail;
    const offered = this.#offered.find(
      ({ paymentMethodDetail: m }) => m.currency === currency && m.network === network,
    );
    if (offered === undefined) {
      throw new CheckoutError('invalid_request', 'This payment method is not offered.', {
        fields: { payment_method_data: `must be one of ${this.#list}` },
      });
    }
    return offered;
  }
}
