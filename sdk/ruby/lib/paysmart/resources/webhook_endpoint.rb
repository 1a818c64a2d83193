# frozen_string_literal: true

module Paysmart
  # WebhookEndpoint is a URL events are sent to (url:, enabled_events:
  # ['payment.succeeded'] or ['*']). secret, the whsec_ signing secret, is
  # only in the answers to create and roll_secret.
  class WebhookEndpoint < APIResource
    extend APIOperations::Create
    extend APIOperations::List
    extend APIOperations::Update
    extend APIOperations::Delete

    resource 'webhook_endpoint', '/webhook_endpoints'

    # roll_secret(id, params = {}, opts = {}) gives the endpoint a new secret;
    # the old one keeps signing for expires_in seconds (at most 86400).
    custom_method :roll_secret, http_verb: :post
  end
end
