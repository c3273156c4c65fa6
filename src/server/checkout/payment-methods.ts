import { CheckoutError } from '../checkout-error.js';
import type { PaymentMethodData } from '../../shared/schema-parts.js';
import type { PaymentMethod } from '../options.js';

/** The crypto methods the merchant offers; a page can pick one of them, never invent one. */
export class PaymentMethods {
  readonly #offered: PaymentMethodData[];
  readonly #list: string;

  /** At least one method, each already checked and lower-cased by the options schema. */
  constructor(methods: readonly PaymentMethod[]) {
    this.#offered = methods.map((method) => ({ type: 'cryptopaymentmethoddetail', paymentMethodDetail: { ...method } }));
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
