// create-payment: node dist/create-payment.js BASE_URL SECRET_KEY creates the
// API document's example payment and prints it; it exits 1 unless the
// payment succeeded.
import { Client, PaySmartError, type PaymentParams } from "./client.js";

declare const process: { argv: string[]; exit(code: number): never };

const [baseURL, key] = process.argv.slice(2);
if (!baseURL || !key) {
  console.error("usage: node dist/create-payment.js BASE_URL SECRET_KEY");
  process.exit(2);
}
const params: PaymentParams = {
  amount: 2000,
  currency: "usd",
  description: "Payment for order #1234",
  payment_method: { type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2030, cvc: "123" } },
};
try {
  const p = await new Client(key, baseURL + "/v2").createPayment(params, `ts-client-${Date.now()}`);
  console.log(`${p.id} ${p.status} ${p.amount} ${p.currency} ${p.payment_method?.card.brand} ${p.payment_method?.card.last4}`);
  process.exit(p.status === "succeeded" ? 0 : 1);
} catch (err) {
  console.error(err instanceof PaySmartError ? `PaySmart refused the payment: ${err.message}` : err);
  process.exit(1);
}
