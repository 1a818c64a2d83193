# frozen_string_literal: true

module Paysmart
  # Customer is a customer (email, name, phone, description, address,
  # metadata). A deleted customer retrieved answers deleted? true.
  class Customer < APIResource
    extend APIOperations::Create
    extend APIOperations::List
    extend APIOperations::Update
    extend APIOperations::Delete

    resource 'customer', '/customers'
  end
end
