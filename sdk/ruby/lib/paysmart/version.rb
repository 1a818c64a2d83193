# frozen_string_literal: true

module Paysmart
  # VERSION is the gem's version, sent in the User-Agent header.
  VERSION = '0.1.0'
end
