import WorkflowModel
import Yams
