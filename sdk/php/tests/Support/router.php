<?php

// router.php is the stub API for the unit tests, run by `php -S` (see
// StubServer). It records each request in requests.json and answers the
// next response of script.json (the last one repeats).

$dir = getenv('PAYSMART_STUB_DIR');
$requestsFile = "{$dir}/requests.json";
$requests = is_file($requestsFile) ? json_decode(file_get_contents($requestsFile), true) : [];
$requests[] = [
    'method' => $_SERVER['REQUEST_METHOD'],
    'uri' => $_SERVER['REQUEST_URI'],
    'headers' => array_change_key_case(getallheaders(), CASE_LOWER),
    'body' => file_get_contents('php://input'),
    'time' => microtime(true),
];
file_put_contents($requestsFile, json_encode($requests));

$script = json_decode(file_get_contents("{$dir}/script.json"), true);
$response = $script[min(count($requests), count($script)) - 1];
http_response_code($response['status']);
header('Content-Type: application/json');
foreach ($response['headers'] ?? [] as $name => $value) {
    header("{$name}: {$value}");
}
echo is_string($response['body']) ? $response['body'] : json_encode($response['body']);

return true;
