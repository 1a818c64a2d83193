// The ES module entry: the CommonJS library, re-exported.
//
//   import PaySmart from 'paysmart';
//   const paysmart = new PaySmart('sk_test_...');
import PaySmart from './lib/paysmart.js';

export default PaySmart;
export {PaySmart};
export const errors = PaySmart.errors;
export const webhooks = PaySmart.webhooks;
