# frozen_string_literal: true

module Paysmart
  # TestHelpers holds what exists in test mode only.
  module TestHelpers
    # TestClock is simulated time for test-mode customers (create a customer
    # with test_clock: clock.id) and their subscriptions; a live key is
    # refused with a PermissionError.
    class TestClock < APIResource
      extend APIOperations::Create
      extend APIOperations::List
      extend APIOperations::Delete

      resource 'test_helpers.test_clock', '/test_helpers/test_clocks'

      # advance(id, {frozen_time: unix}, opts = {}) moves the clock forward;
      # every charge due by then is made before it answers.
      custom_method :advance, http_verb: :post
    end
  end
end
