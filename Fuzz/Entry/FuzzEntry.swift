import Foundation
import FuzzChecks

#if FUZZING
/// libFuzzer's entry point; build with `make fuzz` (see README).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzChecks.run(Data(bytes: bytes, count: count))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; here that hands control to libFuzzer's driver.
@_cdecl("fuzz_flowsite_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
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
