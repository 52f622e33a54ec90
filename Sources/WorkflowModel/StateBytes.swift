/// The saved fold's byte format: variable-length integers (zigzag for signed), length-prefixed UTF-8 text. Small,
/// no dependency, and the same bytes for the same state, so a state can be compared and checksummed.
public struct StateWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func int(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    public mutating func int(_ value: Int) { int(Int64(value)) }
    public mutating func int(_ value: Int32) { int(Int64(value)) }
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func text(_ value: String) {
        let utf8 = Array(value.utf8)
        unsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Bytes as they are, with no length: a file's magic.
    public mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    public mutating func bytes(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func optional<T>(_ value: T?, _ write: (inout StateWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    public mutating func array<T>(_ values: some Collection<T>, _ write: (inout StateWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `StateWriter` wrote; any byte out of place throws, so a truncated or foreign file is refused, never
/// half-read.
public struct StateReader {
    public struct Malformed: Error, Sendable {
        public var offset: Int

        public init(offset: Int) {
            self.offset = offset
        }
    }

    private let storage: [UInt8]
    public private(set) var offset: Int

    /// Where reading stops: bytes after it (a checksum) are not part of what is read.
    private let end: Int

    public init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.storage = bytes
        self.offset = offset
        self.end = min(end ?? bytes.count, bytes.count)
    }

    public var isAtEnd: Bool { offset == end }

    public mutating func unsigned() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw Malformed(offset: offset) }
            let byte = storage[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func int64() throws(Malformed) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func int() throws(Malformed) -> Int { Int(try int64()) }

    public mutating func int32() throws(Malformed) -> Int32 {
        let value = try int64()
        guard let narrow = Int32(exactly: value) else { throw Malformed(offset: offset) }
        return narrow
    }

    /// A count of things still to read: never more than the bytes left, so a corrupt length cannot allocate gigabytes.
    public mutating func count() throws(Malformed) -> Int {
        let value = try unsigned()
        guard value <= UInt64(end - offset) else { throw Malformed(offset: offset) }
        return Int(value)
    }

    public mutating func bool() throws(Malformed) -> Bool {
        guard offset < end, storage[offset] <= 1 else { throw Malformed(offset: offset) }
        offset += 1
        return storage[offset - 1] == 1
    }

    public mutating func text() throws(Malformed) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: storage[offset..<offset + length], as: UTF8.self)
    }

    public mutating func byteArray() throws(Malformed) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(storage[offset..<offset + length])
    }

    public mutating func optional<T>(_ read: (inout StateReader) throws(Malformed) -> T) throws(Malformed) -> T? {
        try bool() ? try read(&self) : nil
    }

    public mutating func array<T>(_ read: (inout StateReader) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

/// FNV-1a, 64 bits: stable across runs and machines, unlike `Hasher`: page fingerprints, the saved fold's checksum,
/// the fingerprint of sampled rows. Not a defence against anyone forging input, only against changed input.
/// Inlinable, so a caller in another module (a page's fingerprint, byte by byte) gets it specialised.
public struct FNV1a64: Sendable {
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public var value: UInt64 { state }

    @inlinable
    public mutating func add(byte: UInt8) {
        state ^= UInt64(byte)
        state = state &* 0x0000_0100_0000_01B3
    }

    @inlinable
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { add(byte: byte) }
    }

    /// A string's bytes from its own storage when it has one (native strings do), not through `UTF8View`'s index
    /// per byte: page fingerprints hash every page model's text, hundreds of megabytes on a large site.
    @inlinable
    public mutating func add(_ utf8: String.UTF8View) {
        let done: Void? = utf8.withContiguousStorageIfAvailable { add(contentsOf: UnsafeRawBufferPointer($0)) }
        if done == nil { for byte in utf8 { add(byte: byte) } }
    }

    /// The same over memory, without a generic iterator per byte: a saved fold is tens of megabytes.
    @inlinable
    public mutating func add(contentsOf buffer: UnsafeRawBufferPointer) {
        for byte in buffer { add(byte: byte) }
    }

    /// `text` and a byte no UTF-8 text holds, so "ab" + "c" and "a" + "bc" differ.
    public mutating func add(_ text: String) {
        add(text.utf8)
        add(byte: 0xFF)
    }

    public mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add(contentsOf: $0) }
    }
}
