/// The release flowsite calls itself: `flowsite --version`, and the `.deb`'s version (scripts/make-deb.sh reads it
/// from this line, adding the git commit).
public enum FlowsiteVersion {
    public static let current = "0.1.0"
}
