<?php

namespace PaySmart\Tests\Unit;

use PaySmart\ApiRequestor;
use PaySmart\Exception;
use PaySmart\Payment;
use PaySmart\Util\CaseInsensitiveArray;
use PHPUnit\Framework\TestCase;

/**
 * ErrorTest checks that every error answer becomes the exception of its
 * type, with what the body and headers carried.
 */
final class ErrorTest extends TestCase
{
    public function errorCases(): array
    {
        return [
            'bad parameter' => [400, 'invalid_request_error', Exception\InvalidRequestException::class],
            'not found' => [404, 'invalid_request_error', Exception\InvalidRequestException::class],
            'bad key' => [401, 'authentication_error', Exception\AuthenticationException::class],
            'declined card' => [402, 'card_error', Exception\CardException::class],
            'publishable key' => [403, 'permission_error', Exception\PermissionException::class],
            'other parameters under a used key' => [400, 'idempotency_error', Exception\IdempotencyException::class],
            'same key still running' => [409, 'idempotency_error', Exception\IdempotencyException::class],
            'rate limited' => [429, 'rate_limit_error', Exception\RateLimitException::class],
            'server failure' => [500, 'api_error', Exception\UnknownApiErrorException::class],
            'bad gateway' => [502, 'api_error', Exception\UnknownApiErrorException::class],
            'unknown type, 402' => [402, 'new_error', Exception\CardException::class],
            'unknown type, 409' => [409, null, Exception\IdempotencyException::class],
            'unknown type, 418' => [418, null, Exception\UnknownApiErrorException::class],
        ];
    }

    /** @dataProvider errorCases */
    public function testTheTypeOrStatusPicksTheException(int $status, ?string $type, string $class): void
    {
        $err = ['code' => 'some_code', 'message' => 'Something is wrong.', 'param' => 'amount'];
        if (null !== $type) {
            $err['type'] = $type;
        }
        $body = json_encode(['error' => $err]);
        $e = ApiRequestor::apiError($body, $status, new CaseInsensitiveArray(['request-id' => 'req_1']));

        $this->assertInstanceOf($class, $e);
        $this->assertInstanceOf(Exception\ApiErrorException::class, $e);
        $this->assertInstanceOf(Exception\ExceptionInterface::class, $e);
        $this->assertSame($status, $e->getHttpStatus());
        $this->assertSame($type, $e->getErrorType());
        $this->assertSame('some_code', $e->getPaysmartCode());
        $this->assertSame('Something is wrong.', $e->getMessage());
        $this->assertSame('amount', $e->getParam());
        $this->assertSame('req_1', $e->getRequestId());
        $this->assertSame($body, $e->getHttpBody());
        $this->assertSame(['error' => $err], $e->getJsonBody());
        $this->assertSame('req_1', $e->getHttpHeaders()['Request-Id']);
        $this->assertStringContainsString("(Status {$status}) (Request req_1)", (string) $e);
    }

    public function testACardErrorCarriesTheDeclineCodeAndTheFailedPayment(): void
    {
        $body = json_encode(['error' => [
            'type' => 'card_error', 'code' => 'card_declined', 'decline_code' => 'insufficient_funds',
            'message' => 'Your card has insufficient funds.',
            'payment' => ['id' => 'pay_9', 'object' => 'payment', 'status' => 'failed', 'metadata' => new \stdClass()],
        ]]);
        $e = ApiRequestor::apiError($body, 402, new CaseInsensitiveArray(['Request-Id' => 'req_2']));

        $this->assertInstanceOf(Exception\CardException::class, $e);
        $this->assertSame('card_declined', $e->getPaysmartCode());
        $this->assertSame('insufficient_funds', $e->getDeclineCode());
        $this->assertInstanceOf(Payment::class, $e->getPayment());
        $this->assertSame('pay_9', $e->getPayment()->id);
        $this->assertSame('failed', $e->getPayment()['status']);
        $this->assertSame('{}', json_encode($e->getPayment()->metadata));
        $this->assertSame('card_error', $e->getError()->type);
    }

    public function testTheBodysRequestIdWinsOverTheHeader(): void
    {
        $body = json_encode(['error' => ['type' => 'api_error', 'message' => 'Internal error.', 'request_id' => 'req_body']]);
        $e = ApiRequestor::apiError($body, 500, new CaseInsensitiveArray(['Request-Id' => 'req_header']));
        $this->assertSame('req_body', $e->getRequestId());
    }

    public function testABodyThatIsNotJsonIsKeptAsTheMessage(): void
    {
        $e = ApiRequestor::apiError("<html>Bad Gateway</html>\n", 502, new CaseInsensitiveArray([]));
        $this->assertInstanceOf(Exception\UnknownApiErrorException::class, $e);
        $this->assertSame('<html>Bad Gateway</html>', $e->getMessage());
        $this->assertNull($e->getError());
        $this->assertNull($e->getRequestId());

        $e = ApiRequestor::apiError('', 401, new CaseInsensitiveArray([]));
        $this->assertInstanceOf(Exception\AuthenticationException::class, $e);
        $this->assertStringContainsString('401', $e->getMessage());
    }
}
