# frozen_string_literal: true

require_relative 'lib/paysmart/version'

Gem::Specification.new do |s|
  s.name = 'paysmart'
  s.version = Paysmart::VERSION
  s.summary = 'Ruby client for the PaySmart payments API'
  s.description = 'The official Ruby library of PaySmart, a self-hostable payments server: payments, refunds, ' \
                  'customers, payment methods, events, webhook endpoints, subscriptions, and webhook signature ' \
                  'verification. Standard library only.'
  s.authors = ['PaySmart']
  s.required_ruby_version = '>= 3.1'
  s.files = Dir['lib/**/*.rb'] + ['README.md']
  s.require_paths = ['lib']
  s.metadata = { 'rubygems_mfa_required' => 'true' }
end
