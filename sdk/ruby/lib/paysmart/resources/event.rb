# frozen_string_literal: true

module Paysmart
  # Event records a change: type (payment.succeeded, refund.created...) and
  # data.object, the object as it was then.
  class Event < APIResource
    extend APIOperations::List

    resource 'event', '/events'

    # list_deliveries(id, filters = {}, opts = {}) lists the attempts to
    # deliver an event to webhook endpoints, newest first.
    def self.list_deliveries(id, filters = {}, opts = {})
      ListObject.fetch("#{resource_url_for(id)}/deliveries", filters, opts)
    end

    # retry(id, params = {}, opts = {}) delivers an event again now to every
    # enabled endpoint that subscribes to it.
    custom_method :retry, http_verb: :post
  end
end
