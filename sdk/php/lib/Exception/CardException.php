<?php

namespace PaySmart\Exception;

/**
 * CardException is a declined card (402 card_error). getPaysmartCode() is
 * card_declined (or expired_card, incorrect_cvc...), getDeclineCode() the
 * issuer's reason (insufficient_funds...), and getPayment() the failed payment.
 */
class CardException extends ApiErrorException
{
    /** @return null|string the decline code: insufficient_funds, generic_decline... */
    public function getDeclineCode()
    {
        return $this->error ? $this->error['decline_code'] : null;
    }

    /** @return null|\PaySmart\Payment the payment that failed, when the error carries one */
    public function getPayment()
    {
        $payment = $this->error ? $this->error['payment'] : null;

        return $payment instanceof \PaySmart\Payment ? $payment : null;
    }
}
