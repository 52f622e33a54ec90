import Foundation

/// Templates/ and Public/ as carried in the binary (see the EmbedAssets plugin).
enum EmbeddedFiles {
    static func all(under prefix: String) -> [(String, Data)] {
        EmbeddedAssets.base64.keys.sorted().filter { $0.hasPrefix(prefix) }.map {
            (String($0.dropFirst(prefix.count)), Data(base64Encoded: EmbeddedAssets.base64[$0]!)!)
        }
    }

    static func file(_ name: String) -> Data? {
        EmbeddedAssets.base64[name].flatMap { Data(base64Encoded: $0) }
    }
}
