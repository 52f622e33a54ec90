import Foundation

/// Writes every byte to a descriptor, retrying a write a signal interrupted and continuing after a short one; the
/// one loop the console, the job summary and the staged pages share.
/// - Returns: 0, or the `errno` of the write that failed (`EIO` for a write that wrote nothing).
public func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0, errno == EINTR { continue }
        if written < 0 { return errno }
        if written == 0 { return EIO }
        offset += written
    }
    return 0
}
