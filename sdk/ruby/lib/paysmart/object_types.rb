# frozen_string_literal: true

module Paysmart
  # The classes of the API's "object" names; other objects (lists aside)
  # are plain PaysmartObjects.
  OBJECT_CLASSES = [
    Payment, Refund, Customer, PaymentMethod, Event, WebhookEndpoint, Subscription, TestHelpers::TestClock
  ].to_h { |klass| [klass.object_name, klass] }.merge('list' => ListObject).freeze

  # object_class_for is the class of an "object" name, or nil.
  def self.object_class_for(name)
    OBJECT_CLASSES[name]
  end
end
