import Foundation
import FuzzChecks

#if FUZZING
/// libFuzzer's entry point; build with `make fuzz` (see README).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzChecks.run(Data(bytes: bytes, count: count))
    return 0
}
#else
/// Without the fuzzer: replays the files named on the command line through the same checks.
@main
struct ReplayCorpus {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            FuzzChecks.run(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }
}
#endif
