"""armswatch: a sourced record of who holds which weapons, who did what to whom, and who claimed what.

The public API is what this module exports; everything else is private and may change.
"""

from .config import Settings, load_settings
from .document import Document
from .errors import ArmswatchError
from .pipeline import Pipeline, extract
from .records import record_json_schema, to_dict

__version__ = "0.1.0"
__all__ = ["ArmswatchError", "Document", "Pipeline", "Settings", "extract", "load_settings", "record_json_schema",
           "to_dict", "__version__"]
