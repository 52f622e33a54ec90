/// FNV-1a over everything written to it.
struct FNV1aStream {
    private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func write(_ text: String) {
        for byte in text.utf8 { write(byte: byte) }
    }

    mutating func write(byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
}
