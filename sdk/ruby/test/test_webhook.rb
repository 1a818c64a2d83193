# frozen_string_literal: true

require 'test_helper'

# Webhook signatures: the vectors every PaySmart library shares, and the
# helpers that sign.
class TestWebhook < Minitest::Test
  VECTORS = JSON.parse(File.read(File.expand_path('../../testdata/webhook_vectors.json', __dir__)))

  VECTORS['cases'].each_with_index do |c, i|
    define_method("test_vector_#{i}_#{c['name'].gsub(/\W+/, '_')}") do
      verify = lambda do
        Paysmart::Webhook.construct_event(c['payload'], c['header'], c['secret'],
                                          tolerance: VECTORS['tolerance'], now: c['now'])
      end
      if c['valid']
        event = verify.call
        assert_instance_of Paysmart::Event, event
        assert_equal 'evt_test', event.id
        assert_equal 'payment.succeeded', event.type
      else
        err = assert_raises(Paysmart::SignatureVerificationError) { verify.call }
        assert_equal c['error'].to_sym, err.reason
        assert_equal c['header'], err.sig_header
        assert_equal c['payload'], err.http_body
      end
    end
  end

  def test_a_header_signed_now_verifies_with_the_default_tolerance
    payload = '{"id":"evt_1","object":"event","type":"refund.created","data":{"object":{"id":"re_1","object":"refund"}}}'
    header = Paysmart::Webhook::Signature.generate_header(Time.now.to_i, payload, 'whsec_new', 'whsec_old')
    event = Paysmart::Webhook.construct_event(payload, header, 'whsec_old')
    assert_instance_of Paysmart::Refund, event.data.object
    assert Paysmart::Webhook::Signature.verify_header(payload, header, 'whsec_new')
    old = Paysmart::Webhook::Signature.generate_header(Time.now.to_i - 301, payload, 'whsec_new')
    err = assert_raises(Paysmart::SignatureVerificationError) { Paysmart::Webhook.construct_event(payload, old, 'whsec_new') }
    assert_equal :too_old, err.reason
    assert Paysmart::Webhook.construct_event(payload, old, 'whsec_new', tolerance: 600)
  end

  def test_the_signature_is_checked_before_the_timestamp
    payload = '{"id":"evt_1"}'
    header = Paysmart::Webhook::Signature.generate_header(1, payload, 'whsec_other')
    err = assert_raises(Paysmart::SignatureVerificationError) { Paysmart::Webhook.construct_event(payload, header, 'whsec_me') }
    assert_equal :no_valid_signature, err.reason
    assert_kind_of Paysmart::PaysmartError, err
  end

  def test_a_signed_body_that_is_not_json
    header = Paysmart::Webhook::Signature.generate_header(Time.now.to_i, 'nope', 'whsec_x')
    assert_raises(JSON::ParserError) { Paysmart::Webhook.construct_event('nope', header, 'whsec_x') }
  end

  def test_binary_payloads_and_upper_case_hex
    payload = "{\"id\":\"evt_\u00e9\"}".b
    t = 1_735_689_600
    sig = Paysmart::Webhook::Signature.compute_signature(t, payload, 'whsec_b')
    assert Paysmart::Webhook::Signature.verify_header(payload, "t=#{t},v1=#{sig.upcase}", 'whsec_b', now: t)
    assert Paysmart::Webhook::Signature.verify_header(payload.dup.force_encoding('UTF-8'), "t=#{t}, v1=#{sig}", 'whsec_b',
                                                      now: t)
  end
end
