"""The JSON Schema of the assessment interchange format, shipped with the package.

Regenerate after changing :mod:`levelcheck.core.assessment`:
``python -m levelcheck.core.schema``
"""
