package com.paysmart.exception;

/**
 * SignatureVerificationException is a webhook whose PaySmart-Signature header does not prove that PaySmart sent
 * this payload recently. {@link #getCode()} says why: {@code invalid_header} (missing, or no valid t=),
 * {@code not_signed} (no v1 signature), {@code no_valid_signature} (a wrong secret or a changed body),
 * {@code too_old} or {@code in_future} (the timestamp is outside the tolerance).
 */
public class SignatureVerificationException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** INVALID_HEADER: the header is missing or has no valid {@code t=} timestamp. */
  public static final String INVALID_HEADER = "invalid_header";
  /** NOT_SIGNED: the header has a timestamp but no well-formed {@code v1=} signature. */
  public static final String NOT_SIGNED = "not_signed";
  /** NO_VALID_SIGNATURE: no v1 signature matches the payload and the secret. */
  public static final String NO_VALID_SIGNATURE = "no_valid_signature";
  /** TOO_OLD: the timestamp is older than the tolerance allows (a possible replay). */
  public static final String TOO_OLD = "too_old";
  /** IN_FUTURE: the timestamp is further in the future than the tolerance allows. */
  public static final String IN_FUTURE = "in_future";

  private final String sigHeader;

  /** Creates the exception for one of the codes above. */
  public SignatureVerificationException(String message, String code, String sigHeader) {
    super(message, null, null, code, null, null, null, null, null);
    this.sigHeader = sigHeader;
  }

  /** getSigHeader returns the PaySmart-Signature header that failed. */
  public String getSigHeader() {
    return sigHeader;
  }
}
