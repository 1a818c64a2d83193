<?php

// The tests load the library as a user without Composer would.
require __DIR__ . '/../init.php';
require __DIR__ . '/Support/StubServer.php';
require __DIR__ . '/Support/FlakyHttpClient.php';
require __DIR__ . '/Support/IntegrationTestCase.php';
