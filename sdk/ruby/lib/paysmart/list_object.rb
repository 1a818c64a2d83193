# frozen_string_literal: true

module Paysmart
  # ListObject is one page of a list: data (the objects, newest first) and
  # has_more. It is Enumerable over this page's objects; auto_paging_each
  # walks every page, fetching the next one after the last object's id while
  # the server says there is more.
  class ListObject < PaysmartObject
    # The parameters the page was fetched with (limit, filters, cursors).
    def filters
      @filters || {}
    end

    # The path the page was fetched from, under the base URL ("/customers").
    attr_reader :resource_path

    # fetch requests one page of path with filters (a Hash: limit,
    # starting_after, ending_before, created: {gte: ...}, filters, expand).
    def self.fetch(path, filters = {}, opts = {})
      filters = (filters || {}).transform_keys(&:to_sym)
      data, response = PaysmartClient.active_client.request(:get, path, filters, opts)
      list = construct_from(data, opts, response)
      list.send(:paged, path, filters)
    end

    def data
      @values[:data] || []
    end

    def has_more
      @values[:has_more] == true
    end
    alias has_more? has_more

    # each yields the objects of this page only.
    def each(&block)
      return enum_for(:each) unless block

      data.each(&block)
    end

    def empty?
      data.empty?
    end

    # auto_paging_each yields every object of every page, from this one on;
    # without a block it answers an Enumerator. A list fetched with
    # ending_before (and no starting_after) walks backwards.
    def auto_paging_each(&block)
      return enum_for(:auto_paging_each) unless block

      page = self
      backwards = filters.key?(:ending_before) && !filters.key?(:starting_after)
      loop do
        page.each(&block)
        break if !page.has_more || page.empty?

        page = backwards ? page.previous_page : page.next_page
      end
      self
    end

    # next_page fetches the page after this one (an empty list when there is
    # none), with the same filters; params are merged in.
    def next_page(params = {}, opts = {})
      adjacent_page(:starting_after, params, opts)
    end

    # previous_page fetches the page before this one, with the same filters.
    def previous_page(params = {}, opts = {})
      adjacent_page(:ending_before, params, opts)
    end

    private

    # adjacent_page fetches the page on the cursor's side of this one: the
    # same filters with only that cursor, set to the id at this page's edge.
    def adjacent_page(cursor, params, opts)
      return empty_page if !has_more || empty?

      edge = cursor == :starting_after ? data.last : data.first
      filters = self.filters.reject { |k, _| %i[starting_after ending_before].include?(k) }
      filters = filters.merge(cursor => edge.id).merge(params.transform_keys(&:to_sym))
      self.class.fetch(resource_path, filters, @opts.merge(PaysmartClient.normalize_opts(opts)))
    end

    def paged(path, filters)
      @resource_path = path
      @filters = filters
      self
    end

    def empty_page
      page = self.class.construct_from({ object: 'list', data: [], has_more: false, url: self[:url] }, @opts)
      page.send(:paged, resource_path, filters)
    end
  end
end
