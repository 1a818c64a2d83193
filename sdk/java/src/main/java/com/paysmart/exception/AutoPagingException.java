package com.paysmart.exception;

/**
 * AutoPagingException is thrown by an auto-paging iterator when fetching the next page fails; Iterator cannot
 * throw checked exceptions, so the PaySmartException is its cause ({@link #getCause()}).
 */
public class AutoPagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception around the failure of a page's request. */
  public AutoPagingException(PaySmartException cause) {
    super("fetching the next page failed: " + cause.getMessage(), cause);
  }

  /** getCause returns the PaySmartException the page's request threw. */
  @Override
  public synchronized PaySmartException getCause() {
    return (PaySmartException) super.getCause();
  }
}
