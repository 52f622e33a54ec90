/// A value that writes its own Mustache context, field by field, so the compiler checks every key's source and no
/// reflection runs per page. Page models (`PageModel`) and every row they hold conform; a test checks that no field
/// is left out.
protocol TemplateConvertible {
    var templateContext: TemplateObject { get }
}
