# Added by Runno Sandbox: runs the program as `ruby FILE ARGS...` would. This Ruby is a
# reactor: the sandbox initialises it (`ruby --disable-gems -C DIR -e_=0 -- FILE ARGS...`,
# which sets the options, the directory and ARGV) and then loads this file. What a Ruby
# process does at its end never happens in a reactor, so this file does it: at_exit
# handlers, flushing, the exit status, and an uncaught exception printed as Ruby prints it.
module RunnoMain
  HANDLERS = []
  HERE = __FILE__

  def self.run
    file = ARGV.shift
    $0 = file
    # Output is written as it is made (as with the sandbox's Ruby 3.2): a prompt shows
    # before `gets` waits, and output interleaves with stderr in the order written.
    $stdout.sync = true
    status = run_program(file)
    status = run_at_exit_handlers(status)
  rescue Exception => e # a fault of this file itself: say so rather than exit 0
    $stderr.write("runno: #{e.class}: #{e.message}\n")
    status = 1
  ensure
    [$stdout, $stderr, STDOUT, STDERR].uniq.each { |io| io.flush rescue nil }
    exit!(status)
  end

  def self.run_program(file)
    # As the main script: labelled <main> in backtraces, __FILE__ as given, DATA after
    # __END__, and parsed by the parser that parses it natively (Prism since Ruby 3.4).
    iseq = RubyVM::InstructionSequence.compile_file_prism(file)
    define_data(file)
    iseq.eval
    0
  rescue SystemExit => e
    e.status
  rescue Exception => e
    report(e)
    1
  end

  def self.run_at_exit_handlers(status)
    while (handler = HANDLERS.pop)
      begin
        handler.call
      rescue SystemExit => e
        status = e.status
      rescue Exception => e
        report(e)
        status = 1
      end
    end
    status
  end

  # As Ruby's own error printer, without the frames of this file.
  def self.report(error)
    trim(error)
    text = error.full_message(highlight: $stderr.tty?, order: :top)
    # With no frames left (a syntax error), Ruby shows where the printer was called:
    # natively there is no frame at all, so nothing.
    $stderr.write(error.backtrace ? text : text.sub(/\A#{Regexp.escape(HERE)}:\d+:in [^:]*: /, ""))
  end

  def self.trim(error, seen = {})
    return if error.nil? || seen[error]
    seen[error] = true
    if (trace = error.backtrace)
      own = trace.take_while { |frame| !frame.start_with?("#{HERE}:", "eval:") }
      error.set_backtrace(own.empty? ? nil : own)
    end
    trim(error.cause, seen)
  end

  def self.define_data(file)
    source = File.binread(file)
    offset = source =~ /^__END__\r?\n/ or return
    data = File.open(file)
    data.seek(offset + $&.bytesize)
    Object.const_set(:DATA, data)
  end
end

# Handlers registered with at_exit run when the program ends, last first, as natively.
module Kernel
  def at_exit(&block)
    raise ArgumentError, "called without a block" unless block
    RunnoMain::HANDLERS << block
    block
  end
  module_function :at_exit
end

RunnoMain.run
