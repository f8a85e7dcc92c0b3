"""Build-time code generation from ``openapi.yaml`` (run by ``scripts/regenerate``, never at run time)."""
