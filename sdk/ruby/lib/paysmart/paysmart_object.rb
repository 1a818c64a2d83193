# frozen_string_literal: true

module Paysmart
  # PaysmartObject is an object of the API as it answered: its fields read as
  # methods or with [] (payment.amount, payment[:amount], payment['amount']).
  # Nested objects are PaysmartObjects too, typed by their "object" field
  # (a payment's error.payment is a Paysmart::Payment, a list a ListObject).
  class PaysmartObject
    include Enumerable

    # The answer this object came from (a PaysmartResponse): status,
    # headers and request id; nil for a nested object.
    attr_reader :last_response

    # construct_from builds the object for values (a Hash as decoded from
    # JSON) with the options of the call that fetched it (api_key, api_base),
    # which later calls on the object reuse.
    def self.construct_from(values, opts = {}, last_response = nil)
      new.send(:initialize_from, values, opts, last_response)
    end

    # convert turns decoded JSON into objects: a Hash into the class its
    # "object" names (PaysmartObject when none), an Array element by element.
    def self.convert(value, opts = {}, last_response = nil)
      case value
      when Array
        value.map { |v| convert(v, opts) }
      when Hash
        name = value[:object] || value['object']
        klass = (name.is_a?(String) && Paysmart.object_class_for(name)) || PaysmartObject
        klass.construct_from(value, opts, last_response)
      else
        value
      end
    end

    def initialize(values = {}, opts = {})
      initialize_from(values, opts, nil)
    end

    # The object's id (pay_..., cus_...), or nil.
    def id
      @values[:id]
    end

    # The field named key (a Symbol or a String), or nil.
    def [](key)
      @values[key.to_sym]
    end

    # dig reads a nested field: event.dig(:data, :object, :id).
    def dig(key, *rest)
      value = self[key]
      rest.empty? || value.nil? ? value : value.dig(*rest)
    end

    def key?(key)
      @values.key?(key.to_sym)
    end
    alias has_key? key?

    def keys
      @values.keys
    end

    def values
      @values.values
    end

    # each yields every field as key, value.
    def each(&block)
      @values.each(&block)
    end

    # deleted? is true for the answer to a delete, or a deleted object.
    def deleted?
      @values[:deleted] == true
    end

    # to_hash is the object as a plain Hash with symbol keys, nested objects
    # included.
    def to_hash
      @values.transform_values { |v| self.class.send(:plain, v) }
    end
    alias to_h to_hash

    def to_json(*args)
      JSON.generate(to_hash, *args)
    end

    def ==(other)
      other.is_a?(PaysmartObject) && other.class == self.class && other.to_hash == to_hash
    end

    def to_s
      JSON.pretty_generate(to_hash)
    end

    def inspect
      id_part = id.nil? ? '' : " id=#{id}"
      "#<#{self.class}:0x#{object_id.to_s(16)}#{id_part}> JSON: #{JSON.generate(to_hash)}"
    end

    def method_missing(name, *args, &block)
      return @values[name] if args.empty? && block.nil? && @values.key?(name)

      super
    end

    def respond_to_missing?(name, include_private = false)
      @values.key?(name.to_sym) || super
    end

    def self.plain(value)
      case value
      when PaysmartObject then value.to_hash
      when Array then value.map { |v| plain(v) }
      else value
      end
    end
    private_class_method :plain

    private

    def initialize_from(values, opts, last_response)
      @opts = PaysmartClient.persistent_opts(opts)
      @last_response = last_response
      @values = {}
      (values || {}).each { |k, v| @values[k.to_sym] = self.class.convert(v, @opts) }
      self
    end
  end
end
