# frozen_string_literal: true

require 'test_helper'

# Objects and lists: field access, typing, and auto-pagination against a stub.
class TestObjects < Minitest::Test
  include StubTest

  def test_fields_read_as_methods_and_with_brackets
    payment = Paysmart::PaysmartObject.convert(
      { id: 'pay_1', object: 'payment', amount: 2000, customer: nil,
        payment_method: { id: 'pm_1', type: 'card', card: { brand: 'visa', last4: '4242' } },
        metadata: { 'order' => '42' } }
    )
    assert_instance_of Paysmart::Payment, payment
    assert_equal 'pay_1', payment.id
    assert_equal 2000, payment.amount
    assert_equal 2000, payment[:amount]
    assert_equal 2000, payment['amount']
    assert_nil payment.customer
    assert payment.respond_to?(:amount)
    refute payment.respond_to?(:nope)
    assert_raises(NoMethodError) { payment.nope }
    assert_equal '4242', payment.payment_method.card.last4
    assert_equal '4242', payment.dig(:payment_method, :card, :last4)
    assert_equal '42', payment.metadata['order']
    assert_equal({ brand: 'visa', last4: '4242' }, payment.payment_method.card.to_hash)
    assert_equal 'pay_1', JSON.parse(payment.to_json)['id']
    assert_match(/Paysmart::Payment.*id=pay_1/, payment.inspect)
    refute payment.deleted?
  end

  def test_nested_objects_are_typed
    event = Paysmart::PaysmartObject.convert(
      { id: 'evt_1', object: 'event', type: 'payment.succeeded',
        data: { object: { id: 'pay_1', object: 'payment', amount: 5 } } }
    )
    assert_instance_of Paysmart::Event, event
    assert_equal 'payment.succeeded', event.type
    assert_instance_of Paysmart::Payment, event.data.object
    assert_equal 5, event.data.object.amount
    refund = Paysmart::PaysmartObject.convert({ id: 're_1', object: 'refund', payment: { id: 'pay_1', object: 'payment' } })
    assert_instance_of Paysmart::Payment, refund.payment
    clock = Paysmart::PaysmartObject.convert({ id: 'clock_1', object: 'test_helpers.test_clock' })
    assert_instance_of Paysmart::TestHelpers::TestClock, clock
    deleted = Paysmart::PaysmartObject.convert({ id: 'cus_1', object: 'customer', deleted: true })
    assert_instance_of Paysmart::Customer, deleted
    assert deleted.deleted?
  end

  # page answers the customers cus_<from>... of a fake list of total.
  def pages(total, limit_default: 10)
    stub do |req|
      q = URI.decode_www_form(req.query).to_h
      limit = (q['limit'] || limit_default).to_i
      start = q['starting_after'] ? q['starting_after'].delete_prefix('cus_').to_i + 1 : 0
      ids = (start...[start + limit, total].min).to_a
      [200, {}, { object: 'list', url: '/v2/customers', has_more: start + limit < total,
                  data: ids.map { |i| { id: "cus_#{i}", object: 'customer', email: q['email'] } } }]
    end
  end

  def test_auto_paging_walks_every_page
    srv = pages(25)
    list = Paysmart::Customer.list({ limit: 10, email: 'me@example.com' }, api_key: 'sk_test_lists')
    assert_instance_of Paysmart::ListObject, list
    assert_equal 10, list.count
    assert list.has_more
    ids = list.auto_paging_each.map(&:id)
    assert_equal (0...25).map { |i| "cus_#{i}" }, ids
    assert_equal 3, srv.requests.size
    queries = srv.requests.map(&:query)
    assert_equal 'limit=10&email=me%40example.com', queries[0]
    assert_equal 'limit=10&email=me%40example.com&starting_after=cus_9', queries[1]
    assert_equal 'limit=10&email=me%40example.com&starting_after=cus_19', queries[2]
    assert(srv.requests.all? { |r| r.headers['authorization'] == 'Bearer sk_test_lists' })
    assert(list.auto_paging_each.all? { |c| c.is_a?(Paysmart::Customer) })
  end

  def test_auto_paging_with_a_block_and_a_last_full_page
    pages(20)
    seen = []
    Paysmart::Customer.list(limit: 10).auto_paging_each { |c| seen << c.id }
    assert_equal 20, seen.size
    assert_equal seen.uniq, seen
  end

  def test_next_page_and_an_empty_list
    pages(3)
    first = Paysmart::Customer.list(limit: 2)
    second = first.next_page
    assert_equal ['cus_2'], second.map(&:id)
    refute second.has_more
    third = second.next_page
    assert_empty third
    assert_equal [], third.auto_paging_each.to_a
  end

  def test_ending_before_walks_backwards
    srv = stub do |req|
      q = URI.decode_www_form(req.query).to_h
      before = q['ending_before'].delete_prefix('cus_').to_i
      ids = ([before - 2, 0].max...before).to_a
      [200, {}, { object: 'list', url: '/v2/customers', has_more: ids.first.to_i.positive?,
                  data: ids.map { |i| { id: "cus_#{i}", object: 'customer' } } }]
    end
    ids = Paysmart::Customer.list(limit: 2, ending_before: 'cus_5').auto_paging_each.map(&:id)
    assert_equal %w[cus_3 cus_4 cus_1 cus_2 cus_0], ids
    assert_equal 'limit=2&ending_before=cus_3', srv.requests[1].query
  end
end
