# frozen_string_literal: true

module Paysmart
  # APIOperations are the calls a resource class may offer, mixed in (with
  # extend) as Stripe's gem does: Create, List, Update and Delete.
  module APIOperations
    # Create adds create(params = {}, opts = {}): POST to the resource's path.
    module Create
      def create(params = {}, opts = {})
        request_object(:post, resource_url, params, opts)
      end
    end

    # List adds list(filters = {}, opts = {}): one page, a ListObject, whose
    # auto_paging_each walks them all. Filters: limit (1..100),
    # starting_after, ending_before, created ({gte:, lte:, gt:, lt:} or a
    # Unix second) and the resource's own (customer, status, payment, email,
    # type, expand).
    module List
      def list(filters = {}, opts = {})
        ListObject.fetch(resource_url, filters, opts)
      end
    end

    # Update adds update(id, params = {}, opts = {}): POST to the object's path.
    module Update
      def update(id, params = {}, opts = {})
        request_object(:post, resource_url_for(id), params, opts)
      end
    end

    # Delete adds delete(id, params = {}, opts = {}) to the class and
    # delete(params = {}, opts = {}) to its objects: DELETE the object's
    # path. The answer is the object marked deleted (deleted? is true).
    module Delete
      def delete(id, params = {}, opts = {})
        request_object(:delete, resource_url_for(id), params, opts)
      end

      def self.extended(base)
        base.send(:define_method, :delete) do |params = {}, opts = {}|
          refresh_with(:delete, resource_url, params, opts)
        end
      end
    end
  end
end
