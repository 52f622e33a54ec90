import Foundation

/// Text made safe for file names and URL fragments.
public enum Slug {
    /// Letters lose their accents (`é` → `e`); ASCII letters and digits stay, lowercased; every other run of
    /// characters becomes one `-`, never at either end. Empty when nothing is left, so each caller picks its fallback
    /// and its length.
    public static func ascii(_ text: String) -> String {
        var output = ""
        var pendingDash = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingDash && !output.isEmpty { output += "-" }
                output.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return output.lowercased()
    }
}
