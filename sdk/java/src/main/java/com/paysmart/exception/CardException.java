package com.paysmart.exception;

import com.paysmart.model.Payment;
import java.util.Map;

/**
 * CardException is a declined card (402, card_error): {@link #getCode()} is card_declined, expired_card,
 * incorrect_cvc..., {@link #getDeclineCode()} the issuer's reason (insufficient_funds, generic_decline...) and
 * {@link #getPayment()} the failed payment the attempt created.
 */
public class CardException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  private final String declineCode;
  private final transient Payment payment;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public CardException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause, String declineCode,
      Payment payment) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
    this.declineCode = declineCode;
    this.payment = payment;
  }

  /** getDeclineCode returns {@code error.decline_code}: insufficient_funds, generic_decline, lost_card... */
  public String getDeclineCode() {
    return declineCode;
  }

  /** getPayment returns the failed payment of the declined card ({@code error.payment}), or null. */
  public Payment getPayment() {
    return payment;
  }
}
