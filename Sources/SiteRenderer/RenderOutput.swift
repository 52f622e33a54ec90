/// A rendered file, or the path of one whose page did not change and was not rendered again.
public enum RenderOutput: Sendable {
    case file(RenderedFile)
    case unchanged(String)
}
