// Type-checks the Node library's hand-written declarations (sdk/node/index.d.ts) with the PaySmart document's
// own examples: tsc compiles this file and fails on any mismatch; it is not run (sdk/node/test.sh runs the
// library against a server).
import PaySmart = require('../../sdk/node');

export async function quickExample(): Promise<string> {
  const paysmart = PaySmart('sk_test_...');
  const payment = await paysmart.payments.create({
    amount: 2000,
    currency: 'usd',
    payment_method: {
      type: 'card',
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
    },
  });
  const amount: number = payment.amount;
  const status: string = payment.status;
  return `${payment.id} ${status} ${amount}`;
}

export async function errorsAndPages(): Promise<number> {
  const paysmart = new PaySmart('sk_test_...', { apiBase: 'http://127.0.0.1:8080/v2', maxNetworkRetries: 3 });
  try {
    await paysmart.refunds.create({ payment: 'pay_123', amount: 500 }, { idempotencyKey: 'order-1234-refund' });
  } catch (err) {
    if (err instanceof PaySmart.errors.CardError) {
      const reason: string | undefined = err.decline_code;
      return reason ? 1 : 0;
    }
    throw err;
  }
  let n = 0;
  for await (const customer of paysmart.customers.list({ limit: 100 })) {
    const id: string = customer.id;
    n += id.length > 0 ? 1 : 0;
  }
  return n;
}

// The document's Express handler: the raw body, the PaySmart-Signature header, the endpoint's secret.
export function webhookHandler(body: Buffer, sig: string, endpointSecret: string): string {
  const paysmart = PaySmart('sk_test_...');
  const event = paysmart.webhooks.constructEvent(body, sig, endpointSecret);
  switch (event.type) {
    case 'payment.succeeded':
      return 'Payment succeeded: ' + (event.data.object as { id: string }).id;
    default:
      return `Unhandled event type ${event.type}`;
  }
}
