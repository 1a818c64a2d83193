# frozen_string_literal: true

module Paysmart
  # APIResource is an object the API serves at a path of its own
  # (/payments/{id}): it can be retrieved, refreshed, and its class lists the
  # calls it offers (see APIOperations).
  class APIResource < PaysmartObject
    class << self
      # The object's type as the API names it in "object" ("payment").
      attr_reader :object_name

      # The path of the resource's collection under the base URL ("/payments").
      def resource_url
        raise NotImplementedError, "#{self} is abstract: use a resource such as Paysmart::Payment" if @resource_url.nil?

        @resource_url
      end

      # retrieve fetches one object by id. id may be a Hash with :id and the
      # query parameters to send, such as {id: 'pay_...', expand: ['customer']}.
      def retrieve(id, opts = {})
        params = {}
        if id.is_a?(Hash)
          params = id.transform_keys(&:to_sym)
          id = params.delete(:id)
        end
        request_object(:get, resource_url_for(id), params, opts)
      end

      # resource_url_for is the path of the object with this id; an empty id
      # is an InvalidRequestError before any request.
      def resource_url_for(id)
        if id.nil? || id.to_s.empty?
          raise InvalidRequestError.new("Could not determine which URL to request: #{self} has an invalid id: " \
                                        "#{id.inspect}", param: 'id')
        end
        "#{resource_url}/#{escape_id(id.to_s)}"
      end

      # request_object makes a call and answers the object it returns, typed
      # by its "object" field and carrying the answer as last_response.
      def request_object(method, path, params, opts)
        data, response = PaysmartClient.active_client.request(method, path, params, opts)
        PaysmartObject.convert(data, opts, response)
      end

      private

      # resource sets the resource's "object" name and collection path.
      def resource(object_name, path)
        @object_name = object_name
        @resource_url = path
      end

      # custom_method defines an action on an object's path, as a class
      # method name(id, params = {}, opts = {}) and an instance method
      # name(params = {}, opts = {}) that refreshes the object with the answer.
      def custom_method(name, http_verb:, http_path: name.to_s)
        suffix = http_path.empty? ? '' : "/#{http_path}"
        define_singleton_method(name) do |id, params = {}, opts = {}|
          request_object(http_verb, resource_url_for(id) + suffix, params, opts)
        end
        define_method(name) do |params = {}, opts = {}|
          refresh_with(http_verb, resource_url + suffix, params, opts)
        end
      end

      def escape_id(id)
        id.gsub(/[^A-Za-z0-9_.~-]/) { |c| c.bytes.map { |b| format('%%%02X', b) }.join }
      end
    end

    # The path of this object under the base URL ("/payments/pay_...").
    def resource_url
      self.class.resource_url_for(id)
    end

    # refresh fetches the object again and updates it in place.
    def refresh(params = {}, opts = {})
      refresh_with(:get, resource_url, params, opts)
    end

    private

    # refresh_with makes a call on this object (with the options it was
    # fetched with, merged with opts) and takes the answer's fields.
    def refresh_with(method, path, params, opts)
      opts = @opts.merge(PaysmartClient.normalize_opts(opts))
      data, response = PaysmartClient.active_client.request(method, path, params, opts)
      initialize_from(data, opts, response)
    end
  end
end
