# frozen_string_literal: true

require 'test_helper'

# The library against a real PaySmart server, as the Go harness starts it
# (sdk/libraries_test.go): a fresh merchant's keys, the base URL and a
# webhook the server delivered. Without them these tests fail: run them
# through the harness.
class TestIntegration < Minitest::Test
  include ConfigRestore

  ENV_VARS = %w[PAYSMART_API_BASE PAYSMART_TEST_SECRET_KEY PAYSMART_TEST_PUBLISHABLE_KEY
                PAYSMART_TEST_WEBHOOK_SECRET PAYSMART_TEST_WEBHOOK_PAYLOAD PAYSMART_TEST_WEBHOOK_SIGNATURE].freeze

  # A run's own mark, so that what it counts is only what it made.
  RUN = SecureRandom.hex(6)

  def setup
    super
    missing = ENV_VARS.select { |v| ENV[v].to_s.empty? }
    unless missing.empty?
      flunk "#{missing.join(', ')} not set: the integration tests need a PaySmart server; run them through the " \
            "harness: cd /work/main && go test ./sdk -run 'TestLibraries/ruby$' -count=1 -v"
    end
    Paysmart.api_key = ENV['PAYSMART_TEST_SECRET_KEY']
    Paysmart.api_base = nil # from PAYSMART_API_BASE
    Paysmart.max_network_retries = 2
    Paysmart.initial_network_retry_delay = 0.5
  end

  def card(number = '4242424242424242')
    { type: 'card', card: { number: number, exp_month: 12, exp_year: 2030, cvc: '123' } }
  end

  def test_the_documents_quick_example
    Paysmart.api_key = ENV['PAYSMART_TEST_SECRET_KEY'] # the document's "sk_test_..."
    payment = Paysmart::Payment.create(
      amount: 2000,
      currency: 'usd',
      payment_method: {
        type: 'card',
        card: {
          number: '4242424242424242',
          exp_month: 12,
          exp_year: 2030,
          cvc: '123'
        }
      }
    )
    assert_instance_of Paysmart::Payment, payment
    assert_match(/\Apay_\h{32}\z/, payment.id)
    assert_equal 'succeeded', payment.status
    assert_equal 2000, payment.amount
    assert_equal 'usd', payment[:currency]
    assert_equal '4242', payment.payment_method.card.last4
    assert_equal 'visa', payment.payment_method.card.brand
    assert_match(/\Areq_/, payment.last_response.request_id)
  end

  def test_insufficient_funds_is_a_card_error
    err = assert_raises(Paysmart::CardError) do
      Paysmart::Payment.create(amount: 2000, currency: 'usd', payment_method: card('4000000000009995'))
    end
    assert_equal 402, err.http_status
    assert_equal 'card_error', err.type
    assert_equal 'card_declined', err.code
    assert_equal 'insufficient_funds', err.decline_code
    assert_match(/\Areq_/, err.request_id)
    assert_instance_of Paysmart::Payment, err.payment
    assert_equal 'failed', err.payment.status
    assert_equal err.payment.id, Paysmart::Payment.retrieve(err.payment.id).id
  end

  def test_auto_paging_walks_250_customers
    email = "ruby-pages-#{RUN}@example.com"
    queue = Queue.new
    250.times { |i| queue << i }
    queue.close
    created = Queue.new
    workers = Array.new(8) do
      Thread.new do
        while (i = queue.pop)
          created << Paysmart::Customer.create(email: email, name: "Page customer #{i}").id
        end
      end
    end
    workers.each(&:join)
    made = Array.new(created.size) { created.pop }
    assert_equal 250, made.uniq.size

    first = Paysmart::Customer.list(limit: 100, email: email)
    assert_equal 100, first.data.size
    assert first.has_more
    seen = first.auto_paging_each.to_a
    assert_equal 250, seen.size
    assert_equal 250, seen.map(&:id).uniq.size, 'a customer came twice'
    assert_equal made.sort, seen.map(&:id).sort
    assert(seen.all? { |c| c.is_a?(Paysmart::Customer) && c.email == email })
  end

  def test_a_payment_is_retrieved_updated_listed_captured_and_canceled
    customer = Paysmart::Customer.create(email: "ruby-pay-#{RUN}@example.com")
    payment = Paysmart::Payment.create(amount: 3000, currency: 'usd', payment_method: card, capture: false,
                                       customer: customer.id)
    assert_equal 'requires_capture', payment.status

    got = Paysmart::Payment.retrieve(payment.id)
    assert_equal payment.id, got.id
    assert_equal 3000, got.amount
    expanded = Paysmart::Payment.retrieve({ id: payment.id, expand: ['customer'] })
    assert_instance_of Paysmart::Customer, expanded.customer
    assert_equal customer.id, expanded.customer.id

    updated = Paysmart::Payment.update(payment.id, description: 'Order #1234', metadata: { order: '1234' })
    assert_equal 'Order #1234', updated.description
    assert_equal '1234', updated.metadata[:order]

    listed = Paysmart::Payment.list(limit: 100, customer: customer.id)
    assert_equal [payment.id], listed.map(&:id)

    captured = Paysmart::Payment.capture(payment.id)
    assert_equal 'succeeded', captured.status
    assert_equal 3000, captured.amount_captured

    other = Paysmart::Payment.create(amount: 1500, currency: 'usd', payment_method: card, capture: false)
    assert_equal 'requires_capture', other.status
    assert_same other, other.cancel
    assert_equal 'canceled', other.status
    assert_equal 'canceled', Paysmart::Payment.retrieve(other.id).status
  end

  def test_a_refund
    payment = Paysmart::Payment.create(amount: 2500, currency: 'usd', payment_method: card)
    refund = Paysmart::Refund.create(payment: payment.id, amount: 500, reason: 'requested_by_customer')
    assert_instance_of Paysmart::Refund, refund
    assert_equal 500, refund.amount
    assert_equal payment.id, refund.payment
    assert_includes %w[pending succeeded], refund.status
    assert_equal refund.id, Paysmart::Refund.retrieve(refund.id).id
    assert_equal [refund.id], Paysmart::Refund.list(payment: payment.id).map(&:id)
    expanded = Paysmart::Refund.retrieve({ id: refund.id, expand: ['payment'] })
    assert_instance_of Paysmart::Payment, expanded.payment
  end

  def test_a_customer_round_trip
    email = "ruby-crud-#{RUN}@example.com"
    customer = Paysmart::Customer.create(
      email: email, name: 'John Doe', phone: '+14155550100',
      address: { line1: '123 Main St', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' }
    )
    assert_match(/\Acus_/, customer.id)
    assert_equal 'San Francisco', customer.address.city
    assert_equal email, Paysmart::Customer.retrieve(customer.id).email
    updated = Paysmart::Customer.update(customer.id, name: 'Jane Doe', metadata: { tier: 'gold' })
    assert_equal 'Jane Doe', updated.name
    assert_equal 'gold', updated.metadata['tier']
    assert_equal [customer.id], Paysmart::Customer.list(email: email).map(&:id)
    deleted = Paysmart::Customer.delete(customer.id)
    assert deleted.deleted?
    assert_equal customer.id, deleted.id
    assert Paysmart::Customer.retrieve(customer.id).deleted?
    assert_empty Paysmart::Customer.list(email: email).data
  end

  def test_a_payment_method_with_the_publishable_key
    pm = Paysmart::PaymentMethod.create({ type: 'card', card: card[:card] }, api_key: ENV['PAYSMART_TEST_PUBLISHABLE_KEY'])
    assert_instance_of Paysmart::PaymentMethod, pm
    assert_match(/\Apm_/, pm.id)
    assert_equal '4242', pm.card.last4
    got = Paysmart::PaymentMethod.retrieve(pm.id)
    assert_equal pm.id, got.id
    assert_equal 2030, got.card.exp_year
    paid = Paysmart::Payment.create(amount: 700, currency: 'usd', payment_method: pm.id)
    assert_equal 'succeeded', paid.status
  end

  def test_an_event
    payment = Paysmart::Payment.create(amount: 900, currency: 'usd', payment_method: card)
    event = Paysmart::Event.list(type: 'payment.succeeded', limit: 100).find { |e| e.data.object.id == payment.id }
    refute_nil event, 'no payment.succeeded event for the payment'
    got = Paysmart::Event.retrieve(event.id)
    assert_instance_of Paysmart::Event, got
    assert_equal 'payment.succeeded', got.type
    assert_instance_of Paysmart::Payment, got.data.object
    assert_equal payment.id, got.data.object.id
  end

  def test_a_webhook_endpoint
    endpoint = Paysmart::WebhookEndpoint.create(url: "https://example.com/hooks/ruby-#{RUN}",
                                                enabled_events: ['payment.disputed'])
    assert_match(/\Awhsec_/, endpoint.secret)
    assert_equal ['payment.disputed'], endpoint.enabled_events
    updated = Paysmart::WebhookEndpoint.update(endpoint.id, description: 'the Ruby tests')
    assert_equal 'the Ruby tests', updated.description
    assert_equal endpoint.url, Paysmart::WebhookEndpoint.retrieve(endpoint.id).url
    assert_includes Paysmart::WebhookEndpoint.list(limit: 100).auto_paging_each.map(&:id), endpoint.id
    deleted = Paysmart::WebhookEndpoint.delete(endpoint.id)
    assert deleted.deleted?
    err = assert_raises(Paysmart::InvalidRequestError) { Paysmart::WebhookEndpoint.retrieve(endpoint.id) }
    assert_equal 404, err.http_status
  end

  def test_a_subscription
    customer = Paysmart::Customer.create(email: "ruby-sub-#{RUN}@example.com")
    pm = Paysmart::PaymentMethod.create(type: 'card', card: card[:card], customer: customer.id)
    sub = Paysmart::Subscription.create(customer: customer.id, payment_method: pm.id, amount: 1500,
                                        currency: 'usd', interval: 'month', total_payments: 12)
    assert_instance_of Paysmart::Subscription, sub
    assert_equal 'active', sub.status
    assert_equal sub.id, Paysmart::Subscription.retrieve(sub.id).id
    assert_equal 'ruby', Paysmart::Subscription.update(sub.id, metadata: { source: 'ruby' }).metadata[:source]
    assert_equal [sub.id], Paysmart::Subscription.list(customer: customer.id).map(&:id)
    canceled = Paysmart::Subscription.cancel(sub.id)
    assert_equal 'canceled', canceled.status
  end

  def test_an_idempotent_replay
    key = "ruby-replay-#{SecureRandom.uuid}"
    params = { email: "ruby-replay-#{RUN}@example.com" }
    first = Paysmart::Customer.create(params, idempotency_key: key)
    second = Paysmart::Customer.create(params, idempotency_key: key)
    assert_equal first.id, second.id
    refute first.last_response.idempotent_replayed?
    assert second.last_response.idempotent_replayed?
    err = assert_raises(Paysmart::IdempotencyError) do
      Paysmart::Customer.create({ email: 'other@example.com' }, idempotency_key: key)
    end
    assert_equal 'idempotency_error', err.type
  end

  def test_a_bad_parameter_is_an_invalid_request_error
    err = assert_raises(Paysmart::InvalidRequestError) do
      Paysmart::Payment.create(amount: -1, currency: 'usd', payment_method: card)
    end
    assert_equal 400, err.http_status
    assert_equal 'amount', err.param
    assert_match(/\Areq_/, err.request_id)
    missing = assert_raises(Paysmart::InvalidRequestError) { Paysmart::Payment.retrieve("pay_#{'0' * 32}") }
    assert_equal 404, missing.http_status
    assert_equal 'resource_missing', missing.code
  end

  def test_a_bad_key_is_an_authentication_error
    err = assert_raises(Paysmart::AuthenticationError) { Paysmart::Customer.list({}, api_key: 'sk_test_not_a_key') }
    assert_equal 401, err.http_status
    assert_equal 'authentication_error', err.type
  end

  def test_a_publishable_key_is_refused_elsewhere
    err = assert_raises(Paysmart::PermissionError) do
      Paysmart::Payment.list({}, api_key: ENV['PAYSMART_TEST_PUBLISHABLE_KEY'])
    end
    assert_equal 403, err.http_status
  end

  def test_the_delivered_webhook_verifies_and_a_tampered_one_does_not
    payload = ENV['PAYSMART_TEST_WEBHOOK_PAYLOAD']
    header = ENV['PAYSMART_TEST_WEBHOOK_SIGNATURE']
    secret = ENV['PAYSMART_TEST_WEBHOOK_SECRET']
    event = Paysmart::Webhook.construct_event(payload, header, secret)
    assert_instance_of Paysmart::Event, event
    assert_equal 'payment.succeeded', event.type
    assert_instance_of Paysmart::Payment, event.data.object
    assert_equal 'succeeded', event.data.object.status

    tampered = payload.dup
    i = tampered.index('succeeded')
    tampered[i] = 'S'
    assert_equal payload.bytesize, tampered.bytesize
    err = assert_raises(Paysmart::SignatureVerificationError) { Paysmart::Webhook.construct_event(tampered, header, secret) }
    assert_equal :no_valid_signature, err.reason
    wrong = assert_raises(Paysmart::SignatureVerificationError) do
      Paysmart::Webhook.construct_event(payload, header, 'whsec_wrong')
    end
    assert_equal :no_valid_signature, wrong.reason
  end
end
