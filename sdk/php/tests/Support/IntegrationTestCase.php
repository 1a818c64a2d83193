<?php

namespace PaySmart\Tests\Support;

use PaySmart\PaySmart;
use PHPUnit\Framework\TestCase;

/**
 * IntegrationTestCase runs against the real server the harness started
 * (sdk/libraries_test.go); without its environment the tests fail.
 */
abstract class IntegrationTestCase extends TestCase
{
    const REQUIRED_ENV = ['PAYSMART_API_BASE', 'PAYSMART_TEST_SECRET_KEY', 'PAYSMART_TEST_PUBLISHABLE_KEY'];

    /** @var string */
    protected $apiBase;

    /** @var string */
    protected $secretKey;

    /** @var string */
    protected $publishableKey;

    protected function setUp(): void
    {
        $this->requireEnv(self::REQUIRED_ENV);
        $this->apiBase = getenv('PAYSMART_API_BASE');
        $this->secretKey = getenv('PAYSMART_TEST_SECRET_KEY');
        $this->publishableKey = getenv('PAYSMART_TEST_PUBLISHABLE_KEY');
        PaySmart::setApiKey($this->secretKey);
        PaySmart::setApiBase($this->apiBase);
    }

    protected function tearDown(): void
    {
        PaySmart::setApiKey(null);
        PaySmart::setApiBase(null);
    }

    /** requireEnv fails the test when one of the variables is not set. */
    protected function requireEnv(array $names): void
    {
        $missing = array_values(array_filter($names, static function ($n) {
            $v = getenv($n);

            return false === $v || '' === $v;
        }));
        if ($missing) {
            $this->fail('Missing ' . implode(', ', $missing) . ': the integration tests need a real PaySmart server. '
                . "Run them through the harness: cd /work/main && go test ./sdk -run 'TestLibraries/php\$' -count=1 -v");
        }
    }

    /** card returns a payment_method parameter for a test card. */
    protected static function card(string $number): array
    {
        return ['type' => 'card', 'card' => ['number' => $number, 'exp_month' => 12, 'exp_year' => 2030, 'cvc' => '123']];
    }

    /** runId returns a string unique to this run, for e-mails and keys. */
    protected static function runId(): string
    {
        return 'php' . bin2hex(random_bytes(6));
    }
}
