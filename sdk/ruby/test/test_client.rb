# frozen_string_literal: true

require 'test_helper'

# Requests, retries, idempotency keys and typed errors, against a stub server.
class TestClient < Minitest::Test
  include StubTest

  UUID_V4 = /\A\h{8}-\h{4}-4\h{3}-[89ab]\h{3}-\h{12}\z/.freeze

  def test_a_write_is_retried_under_one_idempotency_key
    statuses = [503, 429, 200]
    srv = stub do |_req, i|
      case statuses[i]
      when 200 then [200, {}, PAYMENT]
      when 429 then [429, { 'Retry-After' => '0' }, error_body('rate_limit_error', 'slow down')]
      else [503, {}, error_body('api_error', 'busy')]
      end
    end
    payment = Paysmart::Payment.create(amount: 2000, currency: 'usd')
    assert_instance_of Paysmart::Payment, payment
    assert_equal 'pay_1', payment.id
    keys = srv.requests.map { |r| r.headers['idempotency-key'] }
    assert_equal 3, keys.size
    assert_match UUID_V4, keys[0]
    assert_equal [keys[0]] * 3, keys
    assert_equal(['{"amount":2000,"currency":"usd"}'] * 3, srv.requests.map(&:body))
  end

  def test_every_call_has_its_own_key_and_a_given_key_is_sent
    srv = stub { [200, {}, PAYMENT] }
    Paysmart::Payment.create(amount: 1)
    Paysmart::Payment.create(amount: 1)
    Paysmart::Payment.create({ amount: 1 }, idempotency_key: 'order-42')
    keys = srv.requests.map { |r| r.headers['idempotency-key'] }
    refute_equal keys[0], keys[1]
    assert_equal 'order-42', keys[2]
  end

  def test_a_client_error_is_not_retried
    srv = stub do
      [400, { 'Request-Id' => 'req_42' },
       error_body('invalid_request_error', 'Missing required param: amount.', code: 'parameter_missing', param: 'amount')]
    end
    err = assert_raises(Paysmart::InvalidRequestError) { Paysmart::Payment.create(currency: 'usd') }
    assert_equal 1, srv.requests.size
    assert_equal 400, err.http_status
    assert_equal 'invalid_request_error', err.type
    assert_equal 'parameter_missing', err.code
    assert_equal 'amount', err.param
    assert_equal 'req_42', err.request_id
    assert_equal 'Missing required param: amount.', err.message
    assert_equal 'parameter_missing', err.json_body[:error][:code]
    assert_includes err.http_body, 'parameter_missing'
    assert_kind_of Paysmart::PaysmartError, err
    assert_equal '(Status 400) (Request req_42) Missing required param: amount.', err.to_s
  end

  def test_retry_after_is_honoured
    srv = stub do |_req, i|
      i.zero? ? [429, { 'Retry-After' => '1' }, error_body('rate_limit_error', 'slow down')] : [200, {}, PAYMENT]
    end
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    Paysmart::Payment.retrieve('pay_1')
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    assert_equal 2, srv.requests.size
    assert_operator elapsed, :>=, 0.95, 'the retry came before Retry-After'
    assert_operator elapsed, :<, 3
  end

  def test_retries_give_up_with_the_last_error
    srv = stub { [500, { 'Request-Id' => 'req_500' }, error_body('api_error', 'An unexpected error occurred.')] }
    err = assert_raises(Paysmart::APIError) { Paysmart::Customer.create(email: 'a@example.com') }
    assert_equal 3, srv.requests.size # the call and max_network_retries (2)
    assert_equal 500, err.http_status
    assert_equal 'req_500', err.request_id
  end

  def test_max_network_retries_zero_and_per_request
    srv = stub { [502, {}, 'Bad Gateway'] }
    Paysmart.max_network_retries = 0
    err = assert_raises(Paysmart::APIError) { Paysmart::Customer.retrieve('cus_1') }
    assert_equal 1, srv.requests.size
    assert_equal 'Bad Gateway', err.message
    assert_raises(Paysmart::APIError) { Paysmart::Customer.retrieve('cus_1', max_network_retries: 3) }
    assert_equal 5, srv.requests.size
  end

  def test_a_409_is_retried_then_an_idempotency_error
    srv = stub do
      [409, {}, error_body('idempotency_error', 'A request with this key is still running.', code: 'idempotency_key_in_use')]
    end
    err = assert_raises(Paysmart::IdempotencyError) { Paysmart::Refund.create({ payment: 'pay_1' }, idempotency_key: 'k1') }
    assert_equal 3, srv.requests.size
    assert_equal ['k1'] * 3, srv.requests.map { |r| r.headers['idempotency-key'] }
    assert_equal 409, err.http_status
  end

  def test_a_replayed_answer_is_not_retried
    srv = stub { [500, { 'Idempotent-Replayed' => 'true' }, error_body('api_error', 'stored failure')] }
    assert_raises(Paysmart::APIError) { Paysmart::Payment.create(amount: 1) }
    assert_equal 1, srv.requests.size
  end

  def test_a_dropped_connection_is_retried_under_the_same_key
    srv = stub { |_req, i| i < 2 ? :drop : [200, {}, PAYMENT] }
    payment = Paysmart::Payment.capture('pay_1')
    assert_equal 'succeeded', payment.status
    assert_equal 3, srv.requests.size
    assert_equal 1, srv.requests.map { |r| r.headers['idempotency-key'] }.uniq.size
  end

  def test_no_answer_is_an_api_connection_error
    srv = stub { :drop }
    err = assert_raises(Paysmart::APIConnectionError) { Paysmart::Payment.retrieve('pay_1') }
    assert_equal 3, srv.requests.size
    assert_nil err.http_status
    assert_match(/after 3 attempts/, err.message)
  end

  def test_a_closed_port_is_an_api_connection_error
    closed = TCPServer.new('127.0.0.1', 0)
    port = closed.addr[1]
    closed.close
    Paysmart.api_base = "http://127.0.0.1:#{port}/v2"
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(Paysmart::APIConnectionError) { Paysmart::Payment.retrieve('pay_1', max_network_retries: 3) }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 5
  end

  def test_backoff_doubles_with_jitter_and_is_capped
    Paysmart.initial_network_retry_delay = 0.5
    Paysmart.max_network_retry_delay = 8
    [0.5, 1, 2, 4].each_with_index do |base, attempt|
      20.times do
        d = Paysmart::PaysmartClient.retry_delay(attempt)
        assert_operator d, :>=, base
        assert_operator d, :<=, base * 1.5
      end
    end
    assert_equal 8, Paysmart::PaysmartClient.retry_delay(4)
    assert_equal 8, Paysmart::PaysmartClient.retry_delay(30)
    assert_equal 3, Paysmart::PaysmartClient.retry_delay(0, '3')
    assert_in_delta 10, Paysmart::PaysmartClient.retry_delay(0, (Time.now + 10).httpdate), 1.5
    assert_operator Paysmart::PaysmartClient.retry_delay(0, 'soon'), :<=, 0.75
  end

  def test_headers_auth_and_bodies
    srv = stub { |req| [200, {}, req.method == 'DELETE' ? { id: 'cus_1', object: 'customer', deleted: true } : PAYMENT] }
    Paysmart::Payment.create(amount: 2000, currency: 'usd', payment_method: { type: 'card', card: { number: '4242' } })
    Paysmart::Payment.retrieve('pay_1', api_key: 'sk_test_other')
    Paysmart::Customer.delete('cus_1')
    Paysmart::Payment.cancel('pay_1', {}, 'sk_test_third')
    post, get, delete, cancel = srv.requests
    assert_equal %w[POST /v2/payments], [post.method, post.path]
    assert_equal 'Bearer sk_test_stub', post.headers['authorization']
    assert_equal 'application/json', post.headers['content-type']
    assert_equal "PaySmart/ruby #{Paysmart::VERSION}", post.headers['user-agent']
    assert_equal({ 'amount' => 2000, 'currency' => 'usd',
                   'payment_method' => { 'type' => 'card', 'card' => { 'number' => '4242' } } }, JSON.parse(post.body))
    assert_equal %w[GET /v2/payments/pay_1], [get.method, get.path]
    assert_equal 'Bearer sk_test_other', get.headers['authorization']
    assert_nil get.headers['idempotency-key']
    assert_nil get.headers['content-type']
    assert_equal %w[DELETE /v2/customers/cus_1], [delete.method, delete.path]
    assert_match UUID_V4, delete.headers['idempotency-key']
    assert_equal '', delete.body
    assert_equal %w[POST /v2/payments/pay_1/cancel], [cancel.method, cancel.path]
    assert_equal '{}', cancel.body
    assert_equal 'Bearer sk_test_third', cancel.headers['authorization']
  end

  def test_list_parameters_go_in_the_query_in_bracket_notation
    srv = stub { [200, {}, { object: 'list', data: [], has_more: false, url: '/v2/payments' }] }
    Paysmart::Payment.list(limit: 100, created: { gte: 1_700_000_000 }, expand: ['data.customer'], customer: 'cus_1')
    assert_equal '/v2/payments', srv.requests[0].path
    assert_equal 'limit=100&created[gte]=1700000000&expand[]=data.customer&customer=cus_1', srv.requests[0].query
    Paysmart::Payment.retrieve({ id: 'pay_1', expand: ['customer'] })
    assert_equal '/v2/payments/pay_1', srv.requests[1].path
    assert_equal 'expand[]=customer', srv.requests[1].query
  end

  def test_every_path
    srv = stub { |req| [200, {}, { id: 'x_1', object: 'thing', method: req.method, path: req.path }] }
    calls = {
      -> { Paysmart::Payment.create(amount: 1) } => 'POST /v2/payments',
      -> { Paysmart::Payment.retrieve('pay_1') } => 'GET /v2/payments/pay_1',
      -> { Paysmart::Payment.update('pay_1', description: 'd') } => 'POST /v2/payments/pay_1',
      -> { Paysmart::Payment.list } => 'GET /v2/payments',
      -> { Paysmart::Payment.capture('pay_1', amount: 5) } => 'POST /v2/payments/pay_1/capture',
      -> { Paysmart::Payment.cancel('pay_1') } => 'POST /v2/payments/pay_1/cancel',
      -> { Paysmart::Refund.create(payment: 'pay_1') } => 'POST /v2/refunds',
      -> { Paysmart::Refund.retrieve('re_1') } => 'GET /v2/refunds/re_1',
      -> { Paysmart::Refund.list } => 'GET /v2/refunds',
      -> { Paysmart::Customer.create(email: 'e') } => 'POST /v2/customers',
      -> { Paysmart::Customer.retrieve('cus_1') } => 'GET /v2/customers/cus_1',
      -> { Paysmart::Customer.update('cus_1', name: 'n') } => 'POST /v2/customers/cus_1',
      -> { Paysmart::Customer.delete('cus_1') } => 'DELETE /v2/customers/cus_1',
      -> { Paysmart::Customer.list } => 'GET /v2/customers',
      -> { Paysmart::PaymentMethod.create(card: {}) } => 'POST /v2/payment_methods',
      -> { Paysmart::PaymentMethod.retrieve('pm_1') } => 'GET /v2/payment_methods/pm_1',
      -> { Paysmart::Event.retrieve('evt_1') } => 'GET /v2/events/evt_1',
      -> { Paysmart::Event.list } => 'GET /v2/events',
      -> { Paysmart::Event.list_deliveries('evt_1') } => 'GET /v2/events/evt_1/deliveries',
      -> { Paysmart::Event.retry('evt_1') } => 'POST /v2/events/evt_1/retry',
      -> { Paysmart::WebhookEndpoint.create(url: 'u') } => 'POST /v2/webhook_endpoints',
      -> { Paysmart::WebhookEndpoint.retrieve('we_1') } => 'GET /v2/webhook_endpoints/we_1',
      -> { Paysmart::WebhookEndpoint.update('we_1', url: 'u') } => 'POST /v2/webhook_endpoints/we_1',
      -> { Paysmart::WebhookEndpoint.delete('we_1') } => 'DELETE /v2/webhook_endpoints/we_1',
      -> { Paysmart::WebhookEndpoint.list } => 'GET /v2/webhook_endpoints',
      -> { Paysmart::WebhookEndpoint.roll_secret('we_1', expires_in: 60) } => 'POST /v2/webhook_endpoints/we_1/roll_secret',
      -> { Paysmart::Subscription.create(customer: 'cus_1') } => 'POST /v2/subscriptions',
      -> { Paysmart::Subscription.retrieve('sub_1') } => 'GET /v2/subscriptions/sub_1',
      -> { Paysmart::Subscription.update('sub_1', metadata: {}) } => 'POST /v2/subscriptions/sub_1',
      -> { Paysmart::Subscription.cancel('sub_1') } => 'DELETE /v2/subscriptions/sub_1',
      -> { Paysmart::Subscription.list } => 'GET /v2/subscriptions',
      -> { Paysmart::TestHelpers::TestClock.create(frozen_time: 1) } => 'POST /v2/test_helpers/test_clocks',
      -> { Paysmart::TestHelpers::TestClock.retrieve('clock_1') } => 'GET /v2/test_helpers/test_clocks/clock_1',
      -> { Paysmart::TestHelpers::TestClock.advance('clock_1', frozen_time: 2) } =>
        'POST /v2/test_helpers/test_clocks/clock_1/advance',
      -> { Paysmart::TestHelpers::TestClock.delete('clock_1') } => 'DELETE /v2/test_helpers/test_clocks/clock_1',
      -> { Paysmart::TestHelpers::TestClock.list } => 'GET /v2/test_helpers/test_clocks'
    }
    calls.each_key(&:call)
    assert_equal calls.values, srv.requests.map { |r| "#{r.method} #{r.path}" }
  end

  def test_instance_methods_refresh_the_object
    srv = stub do |req|
      case req.path
      when '/v2/payments/pay_1/capture' then [200, {}, PAYMENT.merge(status: 'succeeded')]
      when '/v2/customers/cus_1' then [200, {}, { id: 'cus_1', object: 'customer', deleted: true }]
      else [200, {}, PAYMENT.merge(status: 'requires_capture')]
      end
    end
    payment = Paysmart::Payment.retrieve('pay_1', api_key: 'sk_test_kept')
    assert_equal 'requires_capture', payment.status
    assert_same payment, payment.capture
    assert_equal 'succeeded', payment.status
    assert_equal 'Bearer sk_test_kept', srv.requests[1].headers['authorization']
    customer = Paysmart::Customer.construct_from({ id: 'cus_1', object: 'customer' })
    customer.delete
    assert customer.deleted?
  end

  def test_errors_are_typed
    cases = [
      [400, 'invalid_request_error', Paysmart::InvalidRequestError],
      [404, 'invalid_request_error', Paysmart::InvalidRequestError],
      [401, 'authentication_error', Paysmart::AuthenticationError],
      [402, 'card_error', Paysmart::CardError],
      [403, 'permission_error', Paysmart::PermissionError],
      [400, 'idempotency_error', Paysmart::IdempotencyError],
      [409, 'idempotency_error', Paysmart::IdempotencyError],
      [429, 'rate_limit_error', Paysmart::RateLimitError],
      [500, 'api_error', Paysmart::APIError],
      [503, nil, Paysmart::APIError],
      [401, nil, Paysmart::AuthenticationError],
      [404, nil, Paysmart::InvalidRequestError]
    ]
    current = nil
    stub do
      status, type = current
      [status, { 'Request-Id' => "req_#{status}" }, type ? error_body(type, "a #{type}") : { error: { message: 'untyped' } }]
    end
    Paysmart.max_network_retries = 0
    cases.each do |status, type, klass|
      current = [status, type]
      err = assert_raises(klass, "#{status} #{type}") { Paysmart::Customer.retrieve('cus_1') }
      assert_instance_of klass, err
      assert_equal status, err.http_status
      assert_equal "req_#{status}", err.request_id
    end
  end

  def test_a_card_error_carries_the_decline_and_the_failed_payment
    stub do
      [402, { 'Request-Id' => 'req_card' },
       error_body('card_error', 'Your card has insufficient funds.', code: 'card_declined',
                                                                     decline_code: 'insufficient_funds',
                                                                     payment: PAYMENT.merge(status: 'failed'))]
    end
    err = assert_raises(Paysmart::CardError) { Paysmart::Payment.create(amount: 2000) }
    assert_equal 'card_declined', err.code
    assert_equal 'insufficient_funds', err.decline_code
    assert_equal 402, err.http_status
    assert_equal 'req_card', err.request_id
    assert_instance_of Paysmart::Payment, err.payment
    assert_equal 'failed', err.payment.status
  end

  def test_a_body_that_is_not_json
    stub { [200, {}, 'not json'] }
    err = assert_raises(Paysmart::APIError) { Paysmart::Payment.retrieve('pay_1') }
    assert_equal 200, err.http_status
  end

  def test_no_api_key_and_no_id_fail_before_any_request
    srv = stub { [200, {}, PAYMENT] }
    Paysmart.api_key = nil
    assert_raises(Paysmart::AuthenticationError) { Paysmart::Payment.retrieve('pay_1') }
    Paysmart.api_key = 'sk_test_stub'
    err = assert_raises(Paysmart::InvalidRequestError) { Paysmart::Payment.retrieve('') }
    assert_equal 'id', err.param
    assert_raises(Paysmart::InvalidRequestError) { Paysmart::Customer.delete(nil) }
    assert_raises(ArgumentError) { Paysmart::Payment.retrieve('pay_1', idempotency: 'typo') }
    assert_empty srv.requests
  end

  def test_ids_are_escaped_in_paths
    srv = stub { [200, {}, PAYMENT] }
    Paysmart::Payment.retrieve('pay 1/../x')
    assert_equal '/v2/payments/pay%201%2F..%2Fx', srv.requests[0].path
  end

  def test_api_base_comes_from_the_option_the_environment_or_the_default
    saved = ENV.delete('PAYSMART_API_BASE')
    Paysmart.api_base = nil
    assert_equal 'https://api.paysmart.com/v2', Paysmart.api_base
    ENV['PAYSMART_API_BASE'] = 'http://127.0.0.1:9/v2/'
    assert_equal 'http://127.0.0.1:9/v2', Paysmart.api_base
    Paysmart.api_base = 'http://localhost:8080/v2'
    assert_equal 'http://localhost:8080/v2', Paysmart.api_base
  ensure
    saved.nil? ? ENV.delete('PAYSMART_API_BASE') : ENV['PAYSMART_API_BASE'] = saved
  end

  def test_the_last_response_is_kept
    stub { [200, { 'Request-Id' => 'req_1', 'Idempotent-Replayed' => 'true' }, PAYMENT] }
    payment = Paysmart::Payment.create(amount: 1)
    assert_equal 200, payment.last_response.http_status
    assert_equal 'req_1', payment.last_response.request_id
    assert payment.last_response.idempotent_replayed?
  end
end
