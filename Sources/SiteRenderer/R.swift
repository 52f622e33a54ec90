import WorkflowModel
import CMarkGFM
import Mustache
func _x() -> Int { EmbeddedAssets.base64.count }
