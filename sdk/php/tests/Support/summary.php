<?php

// summary.php reads PHPUnit's JUnit log and prints "N passed, N failed":
// a test that failed, errored, was skipped, incomplete or risky counts as
// failed. It exits 1 when any failed or the log is missing.

$file = $argv[1] ?? '';
$xml = is_file($file) ? @simplexml_load_file($file) : false;
if (false === $xml) {
    fwrite(STDOUT, "0 passed, 1 failed (PHPUnit wrote no report)\n");
    exit(1);
}
$passed = 0;
$failed = 0;
foreach ($xml->xpath('//testcase') as $case) {
    if ($case->failure->count() || $case->error->count() || $case->skipped->count() || $case->warning->count()) {
        ++$failed;
    } else {
        ++$passed;
    }
}
if (0 === $passed + $failed) {
    $failed = 1;
}
fwrite(STDOUT, "{$passed} passed, {$failed} failed\n");
exit($failed > 0 ? 1 : 0);
