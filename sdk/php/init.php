<?php

// init.php loads the whole library without Composer:
//     require_once '/path/to/paysmart-php/init.php';
// Files are listed so that each class comes after the ones it extends.

require __DIR__ . '/lib/PaySmart.php';

// Utilities
require __DIR__ . '/lib/Util/CaseInsensitiveArray.php';
require __DIR__ . '/lib/Util/ObjectTypes.php';
require __DIR__ . '/lib/Util/RequestOptions.php';
require __DIR__ . '/lib/Util/Util.php';

// Exceptions
require __DIR__ . '/lib/Exception/ExceptionInterface.php';
require __DIR__ . '/lib/Exception/ApiErrorException.php';
require __DIR__ . '/lib/Exception/ApiConnectionException.php';
require __DIR__ . '/lib/Exception/AuthenticationException.php';
require __DIR__ . '/lib/Exception/CardException.php';
require __DIR__ . '/lib/Exception/IdempotencyException.php';
require __DIR__ . '/lib/Exception/InvalidArgumentException.php';
require __DIR__ . '/lib/Exception/InvalidRequestException.php';
require __DIR__ . '/lib/Exception/PermissionException.php';
require __DIR__ . '/lib/Exception/RateLimitException.php';
require __DIR__ . '/lib/Exception/SignatureVerificationException.php';
require __DIR__ . '/lib/Exception/UnexpectedValueException.php';
require __DIR__ . '/lib/Exception/UnknownApiErrorException.php';

// HTTP
require __DIR__ . '/lib/HttpClient/ClientInterface.php';
require __DIR__ . '/lib/HttpClient/StreamClient.php';
require __DIR__ . '/lib/ApiResponse.php';
require __DIR__ . '/lib/ApiRequestor.php';

// Objects and resources
require __DIR__ . '/lib/PaySmartObject.php';
require __DIR__ . '/lib/Collection.php';
require __DIR__ . '/lib/ApiOperations/All.php';
require __DIR__ . '/lib/ApiOperations/Create.php';
require __DIR__ . '/lib/ApiOperations/Delete.php';
require __DIR__ . '/lib/ApiOperations/Retrieve.php';
require __DIR__ . '/lib/ApiOperations/Update.php';
require __DIR__ . '/lib/ApiResource.php';
require __DIR__ . '/lib/Customer.php';
require __DIR__ . '/lib/Event.php';
require __DIR__ . '/lib/Payment.php';
require __DIR__ . '/lib/PaymentMethod.php';
require __DIR__ . '/lib/Refund.php';
require __DIR__ . '/lib/Subscription.php';
require __DIR__ . '/lib/TestClock.php';
require __DIR__ . '/lib/WebhookDelivery.php';
require __DIR__ . '/lib/WebhookEndpoint.php';

// Services and the client
require __DIR__ . '/lib/Service/AbstractService.php';
require __DIR__ . '/lib/Service/CustomerService.php';
require __DIR__ . '/lib/Service/EventService.php';
require __DIR__ . '/lib/Service/PaymentMethodService.php';
require __DIR__ . '/lib/Service/PaymentService.php';
require __DIR__ . '/lib/Service/RefundService.php';
require __DIR__ . '/lib/Service/SubscriptionService.php';
require __DIR__ . '/lib/Service/TestClockService.php';
require __DIR__ . '/lib/Service/WebhookEndpointService.php';
require __DIR__ . '/lib/PaySmartClient.php';

// Webhooks
require __DIR__ . '/lib/Webhook.php';
require __DIR__ . '/lib/WebhookSignature.php';
