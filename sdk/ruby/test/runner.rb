# frozen_string_literal: true

# runner.rb runs every test/test_*.rb with minitest and ends with the line
# "N passed, N failed" (a skip counts as failed: nothing may be skipped).
require 'minitest'

module Minitest
  # PassFailReporter prints the last line test.sh promises.
  class PassFailReporter < AbstractReporter
    def initialize(io)
      super()
      @io = io
      @passed = 0
      @failed = 0
    end

    def record(result)
      result.passed? ? @passed += 1 : @failed += 1
    end

    def passed?
      @failed.zero?
    end

    def report
      @io.puts "#{@passed} passed, #{@failed} failed"
    end
  end

  def self.plugin_pass_fail_init(options)
    reporter << PassFailReporter.new(options[:io])
  end
end
Minitest.extensions << 'pass_fail'

Dir[File.join(__dir__, 'test_*.rb')].sort.each { |f| require f }
