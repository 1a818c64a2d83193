# frozen_string_literal: true

require 'minitest/autorun'
require 'socket'
require 'paysmart'

# StubServer is a tiny HTTP/1.1 server on 127.0.0.1:0, in a thread, for the
# unit tests: it records every request and answers what the handler returns
# ([status, headers, body]), or closes the connection without a word when
# the handler returns :drop. One request per connection.
class StubServer
  Request = Struct.new(:method, :target, :path, :query, :headers, :body, keyword_init: true)

  attr_reader :requests

  def initialize(&handler)
    @handler = handler
    @requests = []
    @mutex = Mutex.new
    @server = TCPServer.new('127.0.0.1', 0)
    @thread = Thread.new { serve }
  end

  def port
    @server.addr[1]
  end

  # base is the stub's address as an API base URL.
  def base
    "http://127.0.0.1:#{port}/v2"
  end

  def close
    @server.close
    @thread.join(1)
  rescue IOError
    nil
  end

  private

  def serve
    loop do
      client = @server.accept
      handle(client)
    rescue IOError, Errno::EBADF
      break
    rescue StandardError => e
      warn "stub server: #{e.class}: #{e.message}"
    end
  end

  def handle(client)
    request_line = client.gets
    return client.close if request_line.nil?

    method, target, = request_line.split(' ')
    headers = {}
    while (line = client.gets) && line != "\r\n"
      name, value = line.split(':', 2)
      headers[name.strip.downcase] = value.strip
    end
    length = headers['content-length'].to_i
    body = length.positive? ? client.read(length) : ''
    path, query = target.split('?', 2)
    req = Request.new(method: method, target: target, path: path, query: query.to_s, headers: headers, body: body)
    index = @mutex.synchronize { (@requests << req).size - 1 }
    answer = @handler.call(req, index)
    if answer == :drop
      client.close
      return
    end
    status, answer_headers, answer_body = answer
    answer_body = answer_body.is_a?(String) ? answer_body : JSON.generate(answer_body)
    out = +"HTTP/1.1 #{status} Stub\r\n"
    { 'Content-Type' => 'application/json' }.merge(answer_headers || {}).each { |k, v| out << "#{k}: #{v}\r\n" }
    out << "Content-Length: #{answer_body.bytesize}\r\nConnection: close\r\n\r\n" << answer_body
    client.write(out)
    client.close
  end
end

# ConfigRestore gives the library's settings back after each test.
module ConfigRestore
  SETTINGS = %i[api_key api_base max_network_retries initial_network_retry_delay max_network_retry_delay].freeze

  def setup
    super
    # The variables, not the readers: api_base's reader falls back to the environment.
    @saved_config = SETTINGS.to_h { |k| [k, Paysmart.instance_variable_get("@#{k}")] }
  end

  def teardown
    @saved_config&.each { |k, v| Paysmart.instance_variable_set("@#{k}", v) }
    super
  end
end

# StubTest points the library at a stub server.
module StubTest
  include ConfigRestore

  def setup
    super
    Paysmart.api_key = 'sk_test_stub'
    Paysmart.initial_network_retry_delay = 0.001
    Paysmart.max_network_retries = 2
  end

  def teardown
    @stub&.close
    super
  end

  # stub starts a stub server answering with the block and points
  # Paysmart.api_base at it.
  def stub(&handler)
    @stub = StubServer.new(&handler)
    Paysmart.api_base = @stub.base
    @stub
  end

  def error_body(type, message, **fields)
    { error: { type: type, message: message }.merge(fields) }
  end

  PAYMENT = { id: 'pay_1', object: 'payment', amount: 2000, currency: 'usd', status: 'succeeded' }.freeze
end
