// A small typed client over fetch, its types generated from the OpenAPI
// document (gen/paysmart.d.ts, by openapi-typescript): a request or answer
// that drifts from api/paysmart.yaml no longer compiles.
import type { components, paths } from "./gen/paysmart.js";

export type PaymentParams = paths["/v2/payments"]["post"]["requestBody"]["content"]["application/json"];
export type Payment = components["schemas"]["Payment"];
export type ApiError = components["schemas"]["Error"]["error"];

/** PaySmartError is an error the API answered, with its documented fields. */
export class PaySmartError extends Error {
  constructor(readonly status: number, readonly detail: ApiError) {
    super(`${status} ${detail.type}${detail.code ? ` (${detail.code})` : ""}: ${detail.message}`);
  }
}

/** Client calls the PaySmart API with one secret key. */
export class Client {
  constructor(private readonly key: string, private readonly baseURL = "http://127.0.0.1:8080/v2") {}

  private async post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
    const res = await fetch(this.baseURL + path, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${this.key}`,
        "Content-Type": "application/json",
        "Idempotency-Key": idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 400) {
      throw new PaySmartError(res.status, (json as components["schemas"]["Error"]).error);
    }
    return json as T;
  }

  /** createPayment charges a card or a saved payment method. */
  createPayment(params: PaymentParams, idempotencyKey: string): Promise<Payment> {
    return this.post<Payment>("/payments", params, idempotencyKey);
  }
}
