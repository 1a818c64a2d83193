<?php

namespace PaySmart\Tests\Support;

/**
 * StubServer is `php -S 127.0.0.1:<free port> router.php`: a scripted API
 * that records what it was sent.
 */
final class StubServer
{
    /** @var resource */
    private $process;

    /** @var string */
    private $dir;

    /** @var string the base URL, /v2 included */
    public $url;

    /** start starts a stub server and waits until it accepts connections. */
    public static function start(): self
    {
        $s = new self();
        $s->dir = sys_get_temp_dir() . '/paysmart-php-stub-' . bin2hex(random_bytes(6));
        mkdir($s->dir);
        $port = self::freePort();
        $env = array_merge(getenv(), ['PAYSMART_STUB_DIR' => $s->dir]);
        $log = "{$s->dir}/server.log";
        $s->process = proc_open(
            [PHP_BINARY, '-S', "127.0.0.1:{$port}", __DIR__ . '/router.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes, null, $env
        );
        if (!is_resource($s->process)) {
            throw new \RuntimeException('could not start php -S');
        }
        $s->url = "http://127.0.0.1:{$port}/v2";
        $s->script([['status' => 200, 'body' => ['object' => 'ok']]]);
        $deadline = microtime(true) + 10;
        while (true) {
            $conn = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if ($conn) {
                fclose($conn);
                break;
            }
            if (microtime(true) > $deadline) {
                $s->stop();
                throw new \RuntimeException("php -S did not start on port {$port}: " . @file_get_contents($log));
            }
            usleep(20000);
        }

        return $s;
    }

    /** freePort returns a port nothing listens on (now). */
    public static function freePort(): int
    {
        $sock = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $name = stream_socket_get_name($sock, false);
        fclose($sock);

        return (int) substr($name, strrpos($name, ':') + 1);
    }

    /**
     * script sets the answers to the next requests and forgets the requests
     * recorded so far. Each answer is ['status' => int, 'headers' => [...],
     * 'body' => array|string]; the last one repeats.
     */
    public function script(array $responses): void
    {
        file_put_contents("{$this->dir}/script.json", json_encode($responses));
        @unlink("{$this->dir}/requests.json");
    }

    /** @return array[] the requests received since script(): method, uri, headers (lower-cased), body, time */
    public function requests(): array
    {
        $f = "{$this->dir}/requests.json";

        return is_file($f) ? json_decode(file_get_contents($f), true) : [];
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
        foreach (glob("{$this->dir}/*") as $f) {
            unlink($f);
        }
        @rmdir($this->dir);
    }
}
